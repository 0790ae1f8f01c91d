"""`auto_replies`: the live shop's auto-reply rules (welcome when a conversation is assigned,
queued when it waits), each for every group (`"group": null`) or for one routing group.

    "auto_replies": [{"kind": "welcome", "text": "您好，我是{客服}", "enabled": true, "group": null}]

A rule is identified by (kind, group): apply adds the missing ones and updates the others,
never deletes. The offline reply is routing's setting (`routing.auto_reply`)."""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.live import AutoReply
from app.models.routing import RoutingGroup
from app.services.common.errors import ValidationError
from app.services.live.autoreplies import KINDS, MAX_TEXT
from app.services.shopfile.changes import UNCHANGED, compare
from app.services.shopfile.context import Context, GroupRef, Write
from app.services.shopfile.document import MISSING, as_list, as_object, field, item_path, key_path

KEYS = ("kind", "text", "enabled", "group")


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValidationError(_("未知的自动回复类型（可用：{kinds}）").format(kinds=", ".join(KINDS)))
    return kind


def _check_text(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(_("自动回复不能超过 {n} 个字").format(n=MAX_TEXT))
    return text


class AutoRepliesSection:
    key = "auto_replies"
    permissions: tuple[str, ...] = ("cs.routing",)

    def export(self, session: Session) -> list[dict[str, Any]]:
        names = dict(session.execute(select(RoutingGroup.id, RoutingGroup.name)).all())
        return [{"kind": r.kind, "text": r.content, "enabled": r.enabled,
                 "group": names.get(r.group_id) if r.group_id is not None else None}
                for r in session.scalars(select(AutoReply).order_by(AutoReply.position, AutoReply.id))]

    def plan(self, ctx: Context, value: Any, path: str) -> Write | None:
        problems = ctx.problems
        existing: dict[tuple[str, int | None], AutoReply] = {}
        for r in ctx.session.scalars(select(AutoReply).order_by(AutoReply.position, AutoReply.id)):
            existing.setdefault((r.kind, r.group_id), r)
        last = max((r.position for r in existing.values()), default=-1)
        seen: dict[tuple[str, str], str] = {}
        writes: list[Write] = []
        for i, raw in enumerate(as_list(value, path, problems)):
            rpath = item_path(path, i)
            obj = as_object(raw, rpath, problems, KEYS, required=("kind", "text"))
            if obj is None:
                continue
            kind = field(obj, "kind", rpath, problems, "str")
            text = field(obj, "text", rpath, problems, "str")
            enabled = field(obj, "enabled", rpath, problems, "bool")
            group_name = field(obj, "group", rpath, problems, "str", nullable=True)
            if kind is MISSING or text is MISSING:
                continue
            kind = problems.check(key_path(rpath, "kind"), partial(_check_kind, kind))
            text = problems.check(key_path(rpath, "text"), partial(_check_text, text))
            ref: GroupRef | None = None
            if group_name not in (MISSING, None):
                ref = ctx.group(group_name)
                if ref is None:
                    problems.add(key_path(rpath, "group"), _("分组不存在：{name}").format(name=group_name))
                    continue
            if kind is None or text is None:
                continue
            label = f"{kind} {ref.name if ref else '*'}"
            if (kind, label) in seen:
                problems.add(rpath, _("与 {other} 重复").format(other=seen[(kind, label)]))
                continue
            seen[(kind, label)] = rpath
            new: dict[str, Any] = {"text": text, "enabled": True if enabled is MISSING else enabled}
            row = existing.get((kind, ref.group.id if ref and ref.group else None)) \
                if ref is None or ref.group is not None else None
            old = {"text": row.content, "enabled": row.enabled} if row is not None else None
            change = compare(self.key, label, old, new)
            ctx.changes.append(change)
            if change.kind == UNCHANGED:
                continue
            last += 1
            writes.append(partial(_write, ctx, row, kind, ref, new, last))
        if not writes:
            return None

        def write_all() -> None:
            for write in writes:
                write()
            ctx.session.flush()

        return write_all


def _write(ctx: Context, row: AutoReply | None, kind: str, ref: GroupRef | None, new: dict[str, Any],
           position: int) -> None:
    if row is None:
        group_id = ref.group.id if ref is not None and ref.group is not None else None
        ctx.session.add(AutoReply(kind=kind, content=new["text"], enabled=new["enabled"], group_id=group_id,
                                  position=position))
    else:
        row.content, row.enabled = new["text"], new["enabled"]
