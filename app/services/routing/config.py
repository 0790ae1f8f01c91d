"""Routing configuration: groups, members, entry rules and settings (create, edit, delete),
with their validators. `RoutingConfig` is mixed into `RoutingService`, whose routing lock
and state (`_unit`) every edit runs under, so consoles see the change at once."""

from __future__ import annotations

import functools
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account
from app.models.conversations import Conversation
from app.models.routing import AgentPresence, EntryRule, RoutingGroup, RoutingMember
from app.models.shop import Setting
from app.models.vocabulary import (
    AccountKind,
    AccountStatus,
    ConversationStatus,
    Device,
    Presence,
    RoutingMode,
    RuleKind,
)
from app.services.accounts.permissions import Actor
from app.services.common import audit
from app.services.common.errors import Conflict, NotFound, ValidationError
from app.services.routing import engine as eng
from app.services.routing.decisions import drain_in_session, reroute_agent_in_session
from app.services.routing.rows import RoutingSettings, _settings_row
from app.services.routing.state import SETTINGS_KEY, load_state, read_settings
from app.services.routing.tx import Tx

MAX_CAPACITY = 200
MAX_WEIGHT = 100


class _Unset:
    """Marks 'leave as is' where None is a meaningful value."""


UNSET = _Unset()


class RoutingConfig:
    """Configuration edits of `RoutingService` (see the module doc)."""

    if TYPE_CHECKING:
        def _unit(self) -> AbstractContextManager[tuple[Session, eng.RoutingState]]: ...

    def create_group(self, actor: Actor, name: str, mode: str = RoutingMode.BALANCED,
                     overflow_group_id: int | None = None) -> int:
        actor.require("cs.routing")
        name = _check_group_name(name)
        _check_mode(mode)
        with self._unit() as (s, state):
            _check_group_name_free(s, name, None)
            if overflow_group_id is not None and s.get(RoutingGroup, overflow_group_id) is None:
                raise ValidationError(_("溢出分组不存在或已删除"))
            position = (s.scalar(select(func.max(RoutingGroup.position))) or 0) + 1
            group = RoutingGroup(name=name, mode=mode, overflow_group_id=overflow_group_id, position=position)
            s.add(group)
            s.flush()
            audit.record(s, actor, "routing.group.create", name, mode=mode)
            self._reload(s, state)
            return group.id

    def update_group(self, actor: Actor, group_id: int, *, name: str | None = None, mode: str | None = None,
                     overflow_group_id: int | None | _Unset = UNSET, backup_agent_id: int | None | _Unset = UNSET,
                     make_default: bool = False) -> None:
        actor.require("cs.routing")
        with self._unit() as (s, state):
            group = s.get(RoutingGroup, group_id)
            if group is None:
                raise NotFound(_("分组不存在或已删除"))
            changes: dict[str, object] = {}
            if name is not None and name.strip() != group.name:
                name = _check_group_name(name)
                _check_group_name_free(s, name, group_id)
                group.name = changes["name"] = name
            if mode is not None:
                _check_mode(mode)
                group.mode = changes["mode"] = mode
            if not isinstance(overflow_group_id, _Unset):
                if overflow_group_id is not None:
                    if overflow_group_id == group_id:
                        raise ValidationError(_("溢出分组不能是它自己"))
                    if s.get(RoutingGroup, overflow_group_id) is None:
                        raise ValidationError(_("溢出分组不存在或已删除"))
                group.overflow_group_id = changes["overflow"] = overflow_group_id
            if not isinstance(backup_agent_id, _Unset):
                if backup_agent_id is not None:
                    backup = s.get(Account, backup_agent_id)
                    if backup is None or backup.status != AccountStatus.ACTIVE:
                        raise ValidationError(_("备用客服已冻结或删除，不能设为备用客服"))
                group.backup_agent_id = changes["backup"] = backup_agent_id
            if make_default and not group.is_default:
                for other in s.scalars(select(RoutingGroup).where(RoutingGroup.is_default.is_(True))):
                    other.is_default = False
                s.flush()
                group.is_default = changes["default"] = True
            s.flush()
            audit.record(s, actor, "routing.group.update", group.name, **changes)
            self._reload(s, state)
            drain_in_session(Tx.of(s), state)

    def delete_group(self, actor: Actor, group_id: int) -> None:
        actor.require("cs.routing")
        with self._unit() as (s, state):
            group = s.get(RoutingGroup, group_id)
            if group is None:
                raise NotFound(_("分组不存在或已删除"))
            if group.preset_key or group.is_default:
                raise Conflict(_("预设分组和默认分组不能删除"))
            if s.scalar(select(func.count()).select_from(RoutingMember).where(RoutingMember.group_id == group_id)):
                raise Conflict(_("分组“{name}”里还有客服，请先把他们移到其他分组").format(name=group.name))
            rules = s.scalar(select(func.count()).select_from(EntryRule).where(EntryRule.group_id == group_id))
            if rules:
                raise Conflict(_("还有 {n} 条接待范围规则指向分组“{name}”，请先修改或删除它们").format(
                    n=rules, name=group.name))
            default = s.scalars(select(RoutingGroup).where(RoutingGroup.is_default.is_(True))).first()
            for conv in s.scalars(select(Conversation).where(Conversation.group_id == group_id,
                                                              Conversation.status == ConversationStatus.QUEUED)):
                conv.group_id = default.id if default else None
            for other in s.scalars(select(RoutingGroup).where(RoutingGroup.overflow_group_id == group_id)):
                other.overflow_group_id = None
            s.delete(group)
            s.flush()
            audit.record(s, actor, "routing.group.delete", group.name)
            self._reload(s, state)
            drain_in_session(Tx.of(s), state)

    def set_member(self, actor: Actor, account_id: int, group_id: int, *, weight: int | None = None,
                   capacity: int | None = None, position: int | None = None,
                   takes_routing: bool | None = None) -> None:
        """Add an agent to a group or move them; set weight, capacity, order, 参与分流."""
        actor.require("cs.routing")
        if capacity is not None:
            _check_capacity(capacity)
        if weight is not None:
            _check_weight(weight)
        with self._unit() as (s, state):
            account = s.get(Account, account_id)
            if account is None or account.status != AccountStatus.ACTIVE:
                raise ValidationError(_("该账号已冻结或删除，不能参与分流"))
            if account.kind == AccountKind.MAIN:
                raise ValidationError(_("主账号不参与分流；可以把它设为代理账号"))
            group = s.get(RoutingGroup, group_id)
            if group is None:
                raise ValidationError(_("分组不存在或已删除"))
            member = s.get(RoutingMember, account_id)
            if member is None:
                last = s.scalar(select(func.max(RoutingMember.position)).where(RoutingMember.group_id == group_id))
                member = RoutingMember(account_id=account_id, group_id=group_id, weight=weight or 1,
                                       capacity=capacity or 5, position=(last or 0) + 1)
                s.add(member)
                if takes_routing is None:
                    takes_routing = True
            else:
                if member.group_id != group_id and position is None:
                    last = s.scalar(select(func.max(RoutingMember.position)).where(RoutingMember.group_id == group_id))
                    member.position = (last or 0) + 1
                member.group_id = group_id
                if weight is not None:
                    member.weight = weight
                if capacity is not None:
                    member.capacity = capacity
            if position is not None:
                member.position = position
            if takes_routing is not None:
                account.takes_routing = takes_routing
            if s.get(AgentPresence, account_id) is None:
                s.add(AgentPresence(account_id=account_id, status=Presence.OFFLINE))
            s.flush()
            audit.record(s, actor, "routing.member.set", account.nick, group=group.name, weight=member.weight,
                         capacity=member.capacity, takes_routing=account.takes_routing)
            self._reload(s, state)
            # 参与分流 off stops new conversations only: the agent keeps the ones in hand
            # (moving them is a separate, explicit action: SubAccountService.move_conversations).
            drain_in_session(Tx.of(s), state)

    def remove_member(self, actor: Actor, account_id: int) -> None:
        actor.require("cs.routing")
        with self._unit() as (s, state):
            member = s.get(RoutingMember, account_id)
            if member is None:
                raise NotFound(_("该账号不在任何分组里"))
            account = s.get(Account, account_id)
            for group in s.scalars(select(RoutingGroup).where(RoutingGroup.backup_agent_id == account_id)):
                group.backup_agent_id = None
            s.delete(member)
            s.flush()
            audit.record(s, actor, "routing.member.remove", account.nick if account else str(account_id))
            self._reload(s, state)
            reroute_agent_in_session(Tx.of(s), state, account_id)
            drain_in_session(Tx.of(s), state)

    def add_rule(self, actor: Actor, kind: str, pattern: str, group_id: int, *, priority: int = 0,
                 enabled: bool = True) -> int:
        actor.require("cs.routing")
        kind, pattern = _check_rule(kind, pattern)
        with self._unit() as (s, state):
            if s.get(RoutingGroup, group_id) is None:
                raise ValidationError(_("规则指向的分组不存在或已删除"))
            rule = EntryRule(kind=kind, pattern=pattern, group_id=group_id, priority=priority, enabled=enabled)
            s.add(rule)
            s.flush()
            audit.record(s, actor, "routing.rule.add", pattern, kind=kind, group_id=group_id)
            self._reload(s, state)
            return rule.id

    def update_rule(self, actor: Actor, rule_id: int, *, kind: str | None = None, pattern: str | None = None,
                    group_id: int | None = None, priority: int | None = None, enabled: bool | None = None) -> None:
        actor.require("cs.routing")
        with self._unit() as (s, state):
            rule = s.get(EntryRule, rule_id)
            if rule is None:
                raise NotFound(_("规则不存在或已删除"))
            new_kind, new_pattern = _check_rule(kind or rule.kind, rule.pattern if pattern is None else pattern)
            if group_id is not None and s.get(RoutingGroup, group_id) is None:
                raise ValidationError(_("规则指向的分组不存在或已删除"))
            rule.kind, rule.pattern = new_kind, new_pattern
            if group_id is not None:
                rule.group_id = group_id
            if priority is not None:
                rule.priority = priority
            if enabled is not None:
                rule.enabled = enabled
            s.flush()
            audit.record(s, actor, "routing.rule.update", rule.pattern, kind=rule.kind, group_id=rule.group_id,
                         enabled=rule.enabled)
            self._reload(s, state)

    def delete_rule(self, actor: Actor, rule_id: int) -> None:
        actor.require("cs.routing")
        with self._unit() as (s, state):
            rule = s.get(EntryRule, rule_id)
            if rule is None:
                raise NotFound(_("规则不存在或已删除"))
            s.delete(rule)
            s.flush()
            audit.record(s, actor, "routing.rule.delete", rule.pattern, kind=rule.kind)
            self._reload(s, state)

    def update_settings(self, actor: Actor, *, proxy_account_id: int | None | _Unset = UNSET,
                        auto_reply: str | None = None, mobile_routing: bool | None = None,
                        returning_window_hours: float | None = None) -> RoutingSettings:
        actor.require("cs.routing")
        with self._unit() as (s, state):
            value = read_settings(s)
            if not isinstance(proxy_account_id, _Unset):
                if proxy_account_id is not None:
                    proxy = s.get(Account, proxy_account_id)
                    if proxy is None or proxy.status != AccountStatus.ACTIVE:
                        raise ValidationError(_("代理账号已冻结或删除，请选择一个正常的账号"))
                value["proxy_account_id"] = proxy_account_id
            if auto_reply is not None:
                if len(auto_reply) > 500:
                    raise ValidationError(_("离线自动回复不能超过 500 个字"))
                value["auto_reply"] = auto_reply.strip()
            if mobile_routing is not None:
                value["mobile_routing"] = bool(mobile_routing)
            if returning_window_hours is not None:
                value["returning_window_hours"] = check_returning_window(returning_window_hours)
            row = s.get(Setting, SETTINGS_KEY)
            if row is None:
                s.add(Setting(key=SETTINGS_KEY, value=value))
            else:
                row.value = value
            s.flush()
            audit.record(s, actor, "routing.settings", "", **value)
            self._reload(s, state)
            if mobile_routing is False:
                for agent in list(state.agents.values()):
                    if agent.device == Device.MOBILE and agent.load and not state.routable(agent):
                        reroute_agent_in_session(Tx.of(s), state, agent.id)
            drain_in_session(Tx.of(s), state)
            return _settings_row(state, s)


    @staticmethod
    def _reload(s: Session, state: eng.RoutingState) -> None:
        fresh = load_state(s)
        state.__dict__.update(fresh.__dict__)


def _check_group_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("分组名称不能为空"))
    if len(name) > 40:
        raise ValidationError(_("分组名称不能超过 40 个字"))
    return name


@functools.cache
def _translations() -> tuple[dict[str, str], ...]:
    from app.i18n import LANGUAGES, SOURCE_LANGUAGE, load_ts_files

    return tuple(load_ts_files(lang) for lang in LANGUAGES if lang != SOURCE_LANGUAGE)


def _check_group_name_free(s: Session, name: str, exclude: int | None) -> None:
    """Refuse a name another group shows in any language (售前 reads "Pre-sales" in English,
    so a new "Pre-sales" would make two groups read the same)."""
    wanted = name.casefold()
    for group_id, existing in s.execute(select(RoutingGroup.id, RoutingGroup.name)):
        if group_id == exclude:
            continue
        shown = {existing, *(t[existing] for t in _translations() if existing in t)}
        if wanted in {n.casefold() for n in shown}:
            raise Conflict(_("分组“{name}”已存在").format(name=name) if name == existing else
                           _("分组名称“{name}”与分组“{other}”相同（在另一种语言里），请换一个名称").format(
                               name=name, other=_(existing)))


def _check_mode(mode: str) -> None:
    if mode not in tuple(RoutingMode):
        raise ValidationError(_("未知的分流方式：{mode}").format(mode=mode))


def _check_capacity(capacity: int) -> None:
    if not isinstance(capacity, int) or capacity <= 0:
        raise ValidationError(_("接待上限必须是大于 0 的整数"))
    if capacity > MAX_CAPACITY:
        raise ValidationError(_("接待上限不能超过 {n}").format(n=MAX_CAPACITY))


def _check_weight(weight: int) -> None:
    if not isinstance(weight, int) or weight <= 0:
        raise ValidationError(_("权重必须是大于 0 的整数"))
    if weight > MAX_WEIGHT:
        raise ValidationError(_("权重不能超过 {n}").format(n=MAX_WEIGHT))


def check_returning_window(hours: float) -> float:
    """熟客 window in hours: 0 (off) to 90 days."""
    if not 0 <= hours <= 24 * 90:
        raise ValidationError(_("熟客时间窗必须在 0 到 2160 小时之间"))
    return float(hours)


def _check_rule(kind: str, pattern: str) -> tuple[str, str]:
    if kind not in tuple(RuleKind):
        raise ValidationError(_("未知的规则类型：{kind}").format(kind=kind))
    pattern = (pattern or "").strip()
    if not eng.split_patterns(pattern):
        raise ValidationError(_("规则内容不能为空"))
    if len(pattern) > 500:
        raise ValidationError(_("规则内容不能超过 500 个字"))
    return kind, pattern
