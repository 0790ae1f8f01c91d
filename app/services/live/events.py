"""Live events (METRICS.md §7): one JSON object per line, checked into a `LiveEvent`.

`parse(obj, tz)` accepts exactly what §7 lists and raises `EventError` with a reason in the
user's language for anything else: a missing or unknown `type`, `sender`, `status` or
`device`; a field of the wrong kind (text that is not a string, tags that are not a list of
strings, an `id` that is not a string); an `at` not in a §1 format. Keys §7 does not list are
ignored (integrations may add their own). Whether the event can be applied (a known agent,
an open conversation, not earlier than the newest stored event) is decided when it is
applied, in its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from app.i18n import _
from app.models.vocabulary import Device, Presence, Sender
from app.services.common.errors import ValidationError
from app.services.common.timeparse import TimestampError, TimestampParser

TYPES = ("presence", "message", "transfer", "close")
MAX_ID = 128
MAX_TEXT = 10_000
GROUP_PREFIX = "group:"


class EventError(ValidationError):
    """A live event that cannot be applied; nothing was changed."""


@dataclass(frozen=True)
class LiveEvent:
    type: str
    at: datetime
    id: str | None = None
    buyer: str = ""
    sender: str = ""
    text: str = ""
    agent: str = ""  # presence: whose; message: the replying agent (optional)
    status: str = ""
    device: str = Device.DESKTOP
    entry: str = ""
    tags: tuple[str, ...] = field(default=())
    order_status: str = ""
    to: str = ""  # transfer: a full nick, or "group:NAME"
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        """The §7 object of this event (what `simulate --emit` prints)."""
        out: dict[str, Any] = {"type": self.type}
        if self.id is not None:
            out["id"] = self.id
        if self.type == "presence":
            out.update(agent=self.agent, status=self.status, device=self.device)
        elif self.type == "message":
            out.update(buyer=self.buyer, sender=self.sender, text=self.text)
            if self.agent:
                out["agent"] = self.agent
            if self.entry:
                out["entry"] = self.entry
            if self.tags:
                out["tags"] = list(self.tags)
            if self.order_status:
                out["order_status"] = self.order_status
        elif self.type == "transfer":
            out.update(buyer=self.buyer, to=self.to, note=self.note)
        else:
            out["buyer"] = self.buyer
        out["at"] = self.at.isoformat()
        return out


def _text(obj: dict[str, Any], key: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            raise EventError(_("缺少字段 {field}").format(field=key))
        return ""
    if not isinstance(value, str):
        raise EventError(_("字段 {field} 应为字符串").format(field=key))
    if len(value) > limit:
        raise EventError(_("字段 {field} 过长（最多 {n} 个字）").format(field=key, n=limit))
    return value


def _nick(obj: dict[str, Any], key: str, *, required: bool = True) -> str:
    value = _text(obj, key, required=required, limit=128).strip()
    if required and not value:
        raise EventError(_("字段 {field} 不能为空").format(field=key))
    return value


def _choice(obj: dict[str, Any], key: str, allowed: tuple[str, ...], default: str | None = None) -> str:
    value = obj.get(key, default)
    if value is None:
        raise EventError(_("缺少字段 {field}").format(field=key))
    if value not in allowed:
        raise EventError(_("字段 {field} 的值未知：{value}").format(field=key, value=value))
    return str(value)


_PARSERS: dict[tzinfo, TimestampParser] = {}  # one parser per shop zone (it caches per hour)


def _at(obj: dict[str, Any], tz: tzinfo) -> datetime:
    value = obj.get("at")
    if value is None:
        raise EventError(_("缺少字段 {field}").format(field="at"))
    if not isinstance(value, str):
        raise EventError(_("字段 {field} 应为字符串").format(field="at"))
    parser = _PARSERS.get(tz)
    if parser is None:
        parser = _PARSERS[tz] = TimestampParser(tz)
    try:
        return parser(value)
    except TimestampError as exc:
        raise EventError(_("时间无法识别：{value}").format(value=value)) from exc


def _tags(obj: dict[str, Any]) -> tuple[str, ...]:
    value = obj.get("tags")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise EventError(_("字段 {field} 应为字符串列表").format(field="tags"))
    return tuple(t.strip() for t in value if t.strip())


def parse(obj: object, tz: tzinfo) -> LiveEvent:
    """A decoded JSON value as a live event; `tz` is the shop's zone for naive times."""
    if not isinstance(obj, dict):
        raise EventError(_("不是 JSON 对象"))
    kind = _choice(obj, "type", TYPES)
    event_id = obj.get("id")
    if event_id is not None and (not isinstance(event_id, str) or not event_id or len(event_id) > MAX_ID):
        raise EventError(_("字段 id 应为 1 到 {n} 个字符的字符串").format(n=MAX_ID))
    at = _at(obj, tz)
    if kind == "presence":
        return LiveEvent(kind, at, event_id, agent=_nick(obj, "agent"),
                         status=_choice(obj, "status", tuple(Presence)),
                         device=_choice(obj, "device", tuple(Device), Device.DESKTOP))
    buyer = _nick(obj, "buyer")
    if kind == "message":
        sender = _choice(obj, "sender", tuple(Sender))
        return LiveEvent(kind, at, event_id, buyer=buyer, sender=sender, text=_text(obj, "text"),
                         agent=_nick(obj, "agent", required=False), entry=_text(obj, "entry", required=False, limit=200),
                         tags=_tags(obj), order_status=_text(obj, "order_status", required=False, limit=40))
    if kind == "transfer":
        to = _nick(obj, "to")
        if to.startswith(GROUP_PREFIX) and not to[len(GROUP_PREFIX):].strip():
            raise EventError(_("字段 {field} 不能为空").format(field="to"))
        return LiveEvent(kind, at, event_id, buyer=buyer, to=to, note=_text(obj, "note", required=False, limit=500))
    return LiveEvent(kind, at, event_id, buyer=buyer)
