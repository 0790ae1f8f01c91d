"""The shop's vocabulary, declared once (see shared GLOSSARY.md) and used by the models, the
routing engine, the services and the UI alike. Members are `str`s, so they are stored, compared
and serialised as the plain words (`"online"`), and JSON/CSV contracts are unchanged.

Labels in the user's language live beside the code that shows them (`routing.engine.mode_label`
…), not here: this module imports nothing but the standard library.
"""

from __future__ import annotations

from enum import StrEnum


class AccountKind(StrEnum):
    MAIN = "main"  # 主账号
    SUB = "sub"  # 子账号


class AccountStatus(StrEnum):
    ACTIVE = "active"  # 正常
    FROZEN = "frozen"  # 冻结(停用)
    DELETED = "deleted"  # 删除(离职)


class Presence(StrEnum):
    """An agent's reception status (在线 / 挂起 / 离线)."""

    ONLINE = "online"
    SUSPENDED = "suspended"
    OFFLINE = "offline"


class Device(StrEnum):
    DESKTOP = "desktop"
    MOBILE = "mobile"


class RoutingMode(StrEnum):
    """分流方式: 平均分配 / 按权重 / 按顺序."""

    BALANCED = "balanced"
    WEIGHTED = "weighted"
    ORDERED = "ordered"


class RuleKind(StrEnum):
    """Entry-rule kinds (接待范围), in priority order."""

    TAG = "tag"
    PRODUCT = "product"
    KEYWORD = "keyword"
    ORDER_STATUS = "order_status"


class Outcome(StrEnum):
    """What routing did with a buyer."""

    ASSIGNED = "assigned"
    QUEUED = "queued"
    PROXY = "proxy"


class ConversationStatus(StrEnum):
    QUEUED = "queued"
    OPEN = "open"
    CLOSED = "closed"


class Sender(StrEnum):
    """Who wrote a message (METRICS §2, §3)."""

    BUYER = "buyer"
    AGENT = "agent"
    AUTO = "auto"  # 自动回复: never answers a buyer
    SYSTEM = "system"
