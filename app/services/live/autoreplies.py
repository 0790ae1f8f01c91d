"""自动回复 rules: welcome (a new conversation is assigned), queued (it waits in the queue),
and offline (nobody signed in: the proxy account takes it) — the offline text is routing's
own setting (`RoutingService.update_settings(auto_reply=…)`), sent by routing itself.

A rule may name a routing group; the first enabled rule of its kind for the conversation's
group wins, then the first one for every group. Texts may use {买家} {客服} {店铺}.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.live import AutoReply
from app.services.common.errors import ValidationError
from app.services.routing.tx import Tx

WELCOME = "welcome"
QUEUED = "queued"
KINDS = (WELCOME, QUEUED)
MAX_TEXT = 500


@dataclass(frozen=True)
class AutoReplyRow:
    kind: str
    content: str
    enabled: bool
    group_id: int | None = None


def kind_label(kind: str) -> str:
    return {WELCOME: _("欢迎语"), QUEUED: _("排队提示")}.get(kind, kind)


def fill(text: str, *, buyer: str = "", agent: str = "", shop: str = "") -> str:
    """Variables of auto-replies and quick phrases: {买家} {客服} {店铺} (the buyer's and the
    agent's names without the shop part)."""
    def short(nick: str) -> str:
        return nick.split(":", 1)[1] if ":" in nick else nick

    return text.replace("{买家}", short(buyer)).replace("{客服}", short(agent)).replace("{店铺}", shop)


def pick(tx: Tx, kind: str, group_id: int | None, *, buyer: str, agent: str) -> str:
    rows = tx.all("SELECT content, group_id FROM auto_replies WHERE kind = :kind AND enabled = :yes"
                  " ORDER BY position, id", kind=kind, yes=True)
    chosen = next((c for c, g in rows if g is not None and g == group_id), None)
    if chosen is None:
        chosen = next((c for c, g in rows if g is None), None)
    if not chosen:
        return ""
    shop = tx.one("SELECT name FROM shop WHERE id = 1")
    return fill(str(chosen), buyer=buyer, agent=agent, shop=str(shop[0]) if shop else "")


def read(session: Session) -> list[AutoReplyRow]:
    return [AutoReplyRow(r.kind, r.content, r.enabled, r.group_id)
            for r in session.scalars(select(AutoReply).order_by(AutoReply.position, AutoReply.id))]


def check(rows: list[AutoReplyRow]) -> list[AutoReplyRow]:
    out = []
    for r in rows:
        if r.kind not in KINDS:
            raise ValidationError(_("未知的自动回复类型：{kind}").format(kind=r.kind))
        content = (r.content or "").strip()
        if r.enabled and not content:
            raise ValidationError(_("启用的自动回复不能为空"))
        if len(content) > MAX_TEXT:
            raise ValidationError(_("自动回复不能超过 {n} 个字").format(n=MAX_TEXT))
        out.append(AutoReplyRow(r.kind, content, bool(r.enabled), r.group_id))
    return out


def replace_all(session: Session, rows: list[AutoReplyRow]) -> None:
    """Store exactly these rules, in this order (checked first)."""
    rows = check(rows)
    session.execute(delete(AutoReply))
    for i, r in enumerate(rows):
        session.add(AutoReply(kind=r.kind, content=r.content, enabled=r.enabled, group_id=r.group_id, position=i))
    session.flush()
