"""快捷短语: quick phrases, shop-wide (`owner_id` None, edited with `cs.routing`) or personal
(the agent's own), in named groups, with a shortcut code (typed after `/` in the reply box)
and a usage count. Texts may use {买家} {客服} {店铺}, filled when the phrase is used."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.live import QuickPhrase
from app.services.accounts.permissions import Actor
from app.services.common.errors import NotFound, PermissionDenied, ValidationError

MAX_TEXT = 1000


@dataclass(frozen=True)
class PhraseRow:
    id: int
    personal: bool
    category: str
    code: str
    content: str
    uses: int


def visible(session: Session, actor: Actor, search: str = "") -> list[PhraseRow]:
    """The actor's personal phrases and the shop's, most used first; `search` matches the
    code, the group or the text (a leading `/` is the shortcut prefix)."""
    q = select(QuickPhrase).where(or_(QuickPhrase.owner_id.is_(None), QuickPhrase.owner_id == actor.account_id))
    rows = [PhraseRow(p.id, p.owner_id is not None, p.category, p.code, p.content, p.uses) for p in session.scalars(q)]
    needle = search.strip().lstrip("/").lower()
    if needle:
        rows = [r for r in rows if needle in r.code.lower() or needle in r.category.lower()
                or needle in r.content.lower()]
        # an exact shortcut code first
        rows.sort(key=lambda r: (r.code.lower() != needle, not r.code.lower().startswith(needle)))
        return rows
    return sorted(rows, key=lambda r: (-r.uses, r.category, r.code, r.id))


def _check(category: str, code: str, content: str) -> tuple[str, str, str]:
    content = (content or "").strip()
    if not content:
        raise ValidationError(_("短语内容不能为空"))
    if len(content) > MAX_TEXT:
        raise ValidationError(_("短语内容不能超过 {n} 个字").format(n=MAX_TEXT))
    code = (code or "").strip().lstrip("/")
    if len(code) > 20 or any(ch.isspace() for ch in code):
        raise ValidationError(_("快捷编码最多 20 个字符，且不能有空格"))
    category = (category or "").strip()
    if len(category) > 40:
        raise ValidationError(_("分组名称不能超过 40 个字"))
    return category, code, content


def _editable(actor: Actor, phrase: QuickPhrase) -> None:
    if phrase.owner_id is None:
        actor.require("cs.routing")
    elif phrase.owner_id != actor.account_id:
        raise PermissionDenied(_("只能修改自己的短语"))


def save(session: Session, actor: Actor, phrase_id: int | None, *, personal: bool, category: str, code: str,
         content: str) -> int:
    category, code, content = _check(category, code, content)
    if phrase_id is None:
        actor.require("cs.reception") if personal else actor.require("cs.routing")
        phrase = QuickPhrase(owner_id=actor.account_id if personal else None, category=category, code=code,
                             content=content, uses=0)
        session.add(phrase)
    else:
        found = session.get(QuickPhrase, phrase_id)
        if found is None:
            raise NotFound(_("短语不存在或已删除"))
        _editable(actor, found)
        phrase = found
        phrase.category, phrase.code, phrase.content = category, code, content
    session.flush()
    return phrase.id


def remove(session: Session, actor: Actor, phrase_id: int) -> None:
    phrase = session.get(QuickPhrase, phrase_id)
    if phrase is None:
        raise NotFound(_("短语不存在或已删除"))
    _editable(actor, phrase)
    session.delete(phrase)


def used(session: Session, actor: Actor, phrase_id: int) -> str:
    """Count one use of a phrase the actor may see; returns its text (variables unfilled)."""
    phrase = session.get(QuickPhrase, phrase_id)
    if phrase is None or (phrase.owner_id is not None and phrase.owner_id != actor.account_id):
        raise NotFound(_("短语不存在或已删除"))
    phrase.uses += 1
    return phrase.content
