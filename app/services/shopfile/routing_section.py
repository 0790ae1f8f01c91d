"""`routing`: groups (mode, default, overflow, backup agent, order) with their members
(capacity, weight, order), entry rules, the proxy account, mobile routing and the
returning-buyer window. Groups are matched by name, members by sub-account, rules by kind and
pattern. The checks are the routing service's (`_check_capacity`, `_check_rule`, …)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account
from app.models.routing import AgentPresence, EntryRule, RoutingGroup, RoutingMember
from app.models.shop import Setting
from app.models.vocabulary import AccountKind, AccountStatus, Presence, RoutingMode, RuleKind
from app.services.routing.config import (
    _check_capacity,
    _check_group_name,
    _check_mode,
    _check_rule,
    _check_weight,
    check_returning_window,
)
from app.services.routing.state import SETTINGS_KEY, read_settings
from app.services.shopfile.changes import ADDED, UNCHANGED, Change, compare
from app.services.shopfile.context import Context, GroupRef, Write, short_name
from app.services.shopfile.document import (
    MISSING,
    Problems,
    as_list,
    as_object,
    field,
    item_path,
    key_path,
)

read = field  # a typed value of the file (`field` reads better as a verb here)

KEYS = ("groups", "rules", "proxy_account", "mobile_routing", "returning_window_hours")
GROUP_KEYS = ("name", "mode", "default", "overflow", "backup_agent", "order", "members")
MEMBER_KEYS = ("agent", "capacity", "weight", "order")
RULE_KEYS = ("kind", "pattern", "group", "priority", "enabled")
DEFAULT_CAPACITY, DEFAULT_WEIGHT = 5, 1


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else float(value)


_KIND_ORDER: dict[str, int] = {kind: i for i, kind in enumerate(RuleKind)}  # the order routing tries them


def _rule_order(kind: str) -> int:
    return _KIND_ORDER.get(kind, len(_KIND_ORDER))


@dataclass
class _Group:
    path: str
    ref: GroupRef
    new: dict[str, Any]
    overflow: Any = MISSING
    backup: Any = MISSING
    members: list[Any] = dataclasses.field(default_factory=list)


class RoutingSection:
    key = "routing"
    permissions: tuple[str, ...] = ("cs.routing",)

    # -- export -----------------------------------------------------------------------------
    def export(self, session: Session) -> dict[str, Any]:
        groups = list(session.scalars(select(RoutingGroup).order_by(RoutingGroup.position, RoutingGroup.id)))
        group_names = {g.id: g.name for g in groups}
        names = _agent_names(session)
        members: dict[int, list[dict[str, Any]]] = {}
        for m in session.scalars(select(RoutingMember).order_by(RoutingMember.position, RoutingMember.account_id)):
            if m.account_id in names:
                members.setdefault(m.group_id, []).append(
                    {"agent": names[m.account_id], "capacity": m.capacity, "weight": m.weight, "order": m.position})
        rules = sorted(session.scalars(select(EntryRule)), key=lambda r: (_rule_order(r.kind), r.priority, r.id))
        settings = read_settings(session)
        return {
            "groups": [
                {"name": g.name, "mode": g.mode, "default": bool(g.is_default),
                 "overflow": group_names.get(g.overflow_group_id) if g.overflow_group_id else None,
                 "backup_agent": names.get(g.backup_agent_id) if g.backup_agent_id else None,
                 "order": g.position, "members": members.get(g.id, [])}
                for g in groups
            ],
            "rules": [{"kind": r.kind, "pattern": r.pattern, "group": group_names[r.group_id],
                       "priority": r.priority, "enabled": bool(r.enabled)} for r in rules],
            "proxy_account": names.get(settings["proxy_account_id"]) if settings["proxy_account_id"] else None,
            "mobile_routing": bool(settings["mobile_routing"]),
            "returning_window_hours": _number(settings["returning_window_hours"]),
        }

    # -- planning ---------------------------------------------------------------------------
    def plan(self, ctx: Context, value: Any, path: str) -> Write | None:
        obj = as_object(value, path, ctx.problems, KEYS)
        if obj is None:
            return None
        current = self.export(ctx.session)
        writes: list[Write] = []
        groups = self._read_groups(ctx, obj, path)
        self._plan_defaults(ctx, groups, key_path(path, "groups"))
        for group in groups:
            write = self._plan_group(ctx, group, current)
            if write is not None:
                writes.append(write)
        writes += self._plan_members(ctx, groups)
        writes += self._plan_rules(ctx, obj, key_path(path, "rules"))
        write = self._plan_settings(ctx, obj, path, current)
        if write is not None:
            writes.append(write)
        if not writes:
            return None

        def write_all() -> None:
            ctx.routing_changed = True
            with ctx.session.no_autoflush:  # one flush for the lot; new groups flush for their ids
                for write in writes:
                    write()
            ctx.session.flush()

        return write_all

    def _read_groups(self, ctx: Context, obj: dict[str, Any], path: str) -> list[_Group]:
        problems = ctx.problems
        here = key_path(path, "groups")
        out: list[_Group] = []
        seen: dict[str, str] = {}
        last = max((r.group.position for r in ctx.groups.values() if r.group is not None), default=0)
        for i, raw in enumerate(as_list(obj.get("groups", []), here, problems)):
            gpath = item_path(here, i)
            g = as_object(raw, gpath, problems, GROUP_KEYS, required=("name",))
            if g is None:
                continue
            name: Any = read(g, "name", gpath, problems, "str")
            if name is MISSING:
                continue
            name = problems.check(key_path(gpath, "name"), partial(_check_group_name, name))
            if name is None:
                continue
            if name.casefold() in seen:
                problems.add(key_path(gpath, "name"), _("与 {other} 重名").format(other=seen[name.casefold()]))
                continue
            seen[name.casefold()] = gpath
            new: dict[str, Any] = {}
            mode = read(g, "mode", gpath, problems, "str")
            if mode is not MISSING and problems.ok(key_path(gpath, "mode"), partial(_check_mode, mode)):
                new["mode"] = mode
            for key, kind in (("default", "bool"), ("order", "int")):
                value = read(g, key, gpath, problems, kind)
                if value is not MISSING:
                    new[key] = value
            ref = ctx.group(name)
            if ref is None:
                last += 1
                new = {"mode": RoutingMode.BALANCED, "default": False, "overflow": None, "backup_agent": None,
                       "order": last, **new}
                ref = ctx.groups[name.casefold()] = GroupRef(name, None)
            group = _Group(gpath, ref, new, read(g, "overflow", gpath, problems, "str", nullable=True),
                           read(g, "backup_agent", gpath, problems, "str", nullable=True))
            group.members = as_list(g.get("members", []), key_path(gpath, "members"), problems)
            out.append(group)
        for group in out:
            self._resolve_links(ctx, group)
        return out

    def _resolve_links(self, ctx: Context, group: _Group) -> None:
        problems = ctx.problems
        if group.overflow is not MISSING:
            here = key_path(group.path, "overflow")
            target = ctx.group(group.overflow) if group.overflow is not None else None
            if group.overflow is not None and target is None:
                problems.add(here, _("溢出分组“{name}”不存在").format(name=group.overflow))
            elif target is group.ref:
                problems.add(here, _("溢出分组不能是它自己"))
            else:
                group.new["overflow"] = target.name if target is not None else None
        if group.backup is not MISSING:
            here = key_path(group.path, "backup_agent")
            agent = ctx.account(group.backup) if group.backup is not None else None
            if group.backup is not None and (agent is None or agent.status != AccountStatus.ACTIVE):
                problems.add(here, _("备用客服“{name}”不存在、已冻结或已删除").format(name=group.backup))
            else:
                group.new["backup_agent"] = agent.name if agent is not None else None

    def _plan_defaults(self, ctx: Context, groups: list[_Group], path: str) -> None:
        """Exactly one default group once the file is applied; naming a new one moves it."""
        chosen = [g for g in groups if g.new.get("default") is True]
        if len(chosen) > 1:
            ctx.problems.add(path, _("只能有一个默认分组：{names}").format(names="、".join(g.ref.name for g in chosen)))
            return
        listed = {id(g.ref): g for g in groups}
        final = {id(r): (r.group is not None and r.group.is_default) for r in ctx.groups.values()}
        for g in groups:
            if "default" in g.new:
                final[id(g.ref)] = g.new["default"]
        if chosen:
            for r in ctx.groups.values():
                if r is not chosen[0].ref and final.get(id(r)):
                    final[id(r)] = False  # the old default steps down
                    if id(r) in listed:
                        listed[id(r)].new["default"] = False
                    elif r.group is not None:
                        groups.append(_Group("", r, {"default": False}))
        if not any(final.values()):
            ctx.problems.add(path, _("必须有一个默认分组"))

    def _plan_group(self, ctx: Context, group: _Group, current: dict[str, Any]) -> Write | None:
        old = next((dict(g) for g in current["groups"] if group.ref.group is not None
                    and g["name"] == group.ref.group.name), None)
        if old is not None:
            old.pop("members")
        change = compare("routing.groups", group.ref.name, old, group.new)
        ctx.changes.append(change)
        if change.kind == UNCHANGED:
            return None
        return partial(self._write_group, ctx, group, change)

    def _write_group(self, ctx: Context, group: _Group, change: Change) -> None:
        s = ctx.session
        row = group.ref.group
        if row is None:
            row = group.ref.group = RoutingGroup(name=group.ref.name)
            s.add(row)
        for key, _old, new in change.fields:
            if key == "mode":
                row.mode = new
            elif key == "default":
                row.is_default = new
            elif key == "order":
                row.position = new
            elif key == "overflow":
                row.overflow_group_id = _group_id(ctx, new) if new is not None else None
            elif key == "backup_agent":
                row.backup_agent_id = _account_id(ctx, new) if new is not None else None
        if change.kind == ADDED:
            row.mode, row.is_default, row.position = group.new["mode"], group.new["default"], group.new["order"]

    def _plan_members(self, ctx: Context, groups: list[_Group]) -> list[Write]:
        problems = ctx.problems
        current = {m.account_id: m for m in ctx.session.scalars(select(RoutingMember))}
        present = set(ctx.session.scalars(select(AgentPresence.account_id)))  # who has a presence row
        last: dict[int, int] = {}
        for m in current.values():
            last[m.group_id] = max(last.get(m.group_id, 0), m.position)
        seen: dict[str, str] = {}
        writes: list[Write] = []
        group_names = {r.group.id: r.name for r in ctx.groups.values() if r.group is not None}
        for group in groups:
            for j, raw in enumerate(group.members):
                mpath = item_path(key_path(group.path, "members"), j)
                entry = as_object(raw, mpath, problems, MEMBER_KEYS, required=("agent",))
                if entry is None:
                    continue
                name: Any = read(entry, "agent", mpath, problems, "str")
                if name is MISSING:
                    continue
                agent = ctx.account(name)
                if agent is None or agent.status == AccountStatus.DELETED:
                    problems.add(key_path(mpath, "agent"), _("没有名为“{name}”的子账号").format(name=name))
                    continue
                if agent.name.casefold() in seen:
                    problems.add(key_path(mpath, "agent"), _("{name} 已在 {other} 里：一个客服只能在一个分组").format(
                        name=agent.name, other=seen[agent.name.casefold()]))
                    continue
                seen[agent.name.casefold()] = mpath
                new = self._read_member(problems, entry, mpath)
                new = {"group": group.ref.name, **new}
                member = current.get(agent.account.id) if agent.account is not None else None
                old = None
                if member is not None:
                    old = {"group": group_names.get(member.group_id), "capacity": member.capacity,
                           "weight": member.weight, "order": member.position}
                else:
                    gid = group.ref.group.id if group.ref.group is not None else id(group.ref)
                    last[gid] = last.get(gid, 0) + 1
                    new = {"capacity": DEFAULT_CAPACITY, "weight": DEFAULT_WEIGHT, "order": last[gid], **new}
                change = compare("routing.members", f"{group.ref.name} / {agent.name}", old, new)
                ctx.changes.append(change)
                if change.kind != UNCHANGED:
                    writes.append(partial(self._write_member, ctx, agent, new, member, present))
        return writes

    @staticmethod
    def _read_member(problems: Problems, entry: dict[str, Any], mpath: str) -> dict[str, Any]:
        new: dict[str, Any] = {}
        for key, rule in (("capacity", _check_capacity), ("weight", _check_weight), ("order", None)):
            value = read(entry, key, mpath, problems, "int")
            if value is MISSING:
                continue
            if rule is None or problems.ok(key_path(mpath, key), partial(rule, value)):
                new[key] = value
        return new

    @staticmethod
    def _write_member(ctx: Context, agent: Any, new: dict[str, Any], member: RoutingMember | None,
                      present: set[int]) -> None:
        s = ctx.session
        account = agent.account
        group_id = _group_id(ctx, new["group"])
        if member is None:
            member = RoutingMember(account_id=account.id, group_id=group_id, weight=new["weight"],
                                   capacity=new["capacity"], position=new["order"])
            s.add(member)
        else:
            member.group_id = group_id
            for key, attr in (("capacity", "capacity"), ("weight", "weight"), ("order", "position")):
                if key in new:
                    setattr(member, attr, new[key])
        if account.id not in present:
            present.add(account.id)
            s.add(AgentPresence(account_id=account.id, status=Presence.OFFLINE, since=ctx.now))

    def _plan_rules(self, ctx: Context, obj: dict[str, Any], path: str) -> list[Write]:
        problems = ctx.problems
        existing: dict[tuple[str, str], EntryRule] = {}
        for r in sorted(ctx.session.scalars(select(EntryRule)), key=lambda r: (r.priority, r.id)):
            existing.setdefault((r.kind, r.pattern), r)
        group_names = {r.group.id: r.name for r in ctx.groups.values() if r.group is not None}
        seen: dict[tuple[str, str], str] = {}
        writes: list[Write] = []
        for i, raw in enumerate(as_list(obj.get("rules", []), path, problems)):
            rpath = item_path(path, i)
            entry = as_object(raw, rpath, problems, RULE_KEYS, required=("kind", "pattern", "group"))
            if entry is None:
                continue
            kind = read(entry, "kind", rpath, problems, "str")
            pattern = read(entry, "pattern", rpath, problems, "str")
            group = read(entry, "group", rpath, problems, "str")
            new: dict[str, Any] = {}
            for key, kind_name in (("priority", "int"), ("enabled", "bool")):
                value = read(entry, key, rpath, problems, kind_name)
                if value is not MISSING:
                    new[key] = value
            if MISSING in (kind, pattern, group):
                continue
            checked = problems.check(rpath, partial(_check_rule, kind, pattern))
            target = ctx.group(group)
            if target is None:
                problems.add(key_path(rpath, "group"), _("规则指向的分组“{name}”不存在").format(name=group))
            if checked is None or target is None:
                continue
            if checked in seen:
                problems.add(rpath, _("与 {other} 是同一条规则").format(other=seen[checked]))
                continue
            seen[checked] = rpath
            new = {"group": target.name, **new}
            rule = existing.get(checked)
            old = None
            if rule is not None:
                old = {"group": group_names.get(rule.group_id), "priority": rule.priority, "enabled": rule.enabled}
            else:
                new = {"priority": 0, "enabled": True, **new}
            change = compare("routing.rules", f"{checked[0]} {checked[1]}", old, new)
            ctx.changes.append(change)
            if change.kind != UNCHANGED:
                writes.append(partial(self._write_rule, ctx, rule, checked, new))
        return writes

    @staticmethod
    def _write_rule(ctx: Context, rule: EntryRule | None, key: tuple[str, str], new: dict[str, Any]) -> None:
        if rule is None:
            rule = EntryRule(kind=key[0], pattern=key[1])
            ctx.session.add(rule)
        rule.group_id = _group_id(ctx, new["group"])
        if "priority" in new:
            rule.priority = new["priority"]
        if "enabled" in new:
            rule.enabled = new["enabled"]

    def _plan_settings(self, ctx: Context, obj: dict[str, Any], path: str, current: dict[str, Any]) -> Write | None:
        problems = ctx.problems
        new: dict[str, Any] = {}
        proxy = read(obj, "proxy_account", path, problems, "str", nullable=True)
        if proxy is not MISSING:
            agent = ctx.account(proxy) if proxy is not None else None
            if proxy is not None and (agent is None or agent.status != AccountStatus.ACTIVE):
                problems.add(key_path(path, "proxy_account"),
                             _("代理账号“{name}”不存在、已冻结或已删除").format(name=proxy))
            else:
                new["proxy_account"] = agent.name if agent is not None else None
        mobile = read(obj, "mobile_routing", path, problems, "bool")
        if mobile is not MISSING:
            new["mobile_routing"] = mobile
        hours = read(obj, "returning_window_hours", path, problems, "number")
        if hours is not MISSING and problems.ok(key_path(path, "returning_window_hours"),
                                                partial(check_returning_window, hours)):
            new["returning_window_hours"] = _number(hours)
        old = {k: current[k] for k in ("proxy_account", "mobile_routing", "returning_window_hours")}
        change = compare("routing", _("分流设置"), old, new)
        ctx.changes.append(change)
        if change.kind == UNCHANGED:
            return None

        def write() -> None:
            s = ctx.session
            value = read_settings(s)
            for key, _old, new_value in change.fields:
                if key == "proxy_account":
                    value["proxy_account_id"] = _account_id(ctx, new_value) if new_value is not None else None
                elif key == "mobile_routing":
                    value["mobile_routing"] = new_value
                    if new_value is False:
                        ctx.mobile_off = True
                else:
                    value["returning_window_hours"] = float(new_value)
            row = s.get(Setting, SETTINGS_KEY)
            if row is None:
                s.add(Setting(key=SETTINGS_KEY, value=value))
            else:
                row.value = value

        return write


def _agent_names(session: Session) -> dict[int, str]:
    """Sub-accounts that have not left, by id: the names the file uses."""
    return {
        account_id: short_name(nick)
        for account_id, nick in session.execute(
            select(Account.id, Account.nick).where(
                Account.kind == AccountKind.SUB, Account.status != AccountStatus.DELETED)
        )
    }


def _group_id(ctx: Context, name: str) -> int:
    ref = ctx.group(name)
    assert ref is not None and ref.group is not None
    if ref.group.id is None:
        ctx.session.flush()
    return ref.group.id


def _account_id(ctx: Context, name: str) -> int:
    ref = ctx.account(name)
    assert ref is not None and ref.account is not None
    return ref.account.id
