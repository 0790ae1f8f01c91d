"""What the reception workbench shows: conversation rows with their waiting time, a
transcript with its transfers, and the buyer's other recent conversations. Plain frozen rows.

A buyer *waits* from the start of the conversation's latest unanswered turn (§4 turns: the
first non-ad buyer message after the start or after a human agent message) until a human
agent message answers it; auto and system messages never answer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.models.accounts import Account
from app.models.conversations import Conversation, Message
from app.models.live import Transfer
from app.models.vocabulary import ConversationStatus, Sender

LIVE_STATES = (ConversationStatus.OPEN, ConversationStatus.QUEUED)


@dataclass(frozen=True)
class ConvRow:
    id: int
    buyer: str
    status: str
    agent_id: int | None
    agent: str  # the agent's name (nick without the shop)
    group_id: int | None
    entry_page: str
    created_at: datetime
    last_message_at: datetime | None
    waiting_since: datetime | None  # start of the unanswered turn; None: answered
    last_text: str


@dataclass(frozen=True)
class MessageRow:
    id: int
    sender: str
    agent: str
    sent_at: datetime
    content: str
    is_ad: bool
    ad_manual: bool | None


@dataclass(frozen=True)
class TransferRow:
    at: datetime
    from_agent: str
    to_agent: str
    note: str


@dataclass(frozen=True)
class PastConversation:
    id: int
    created_at: datetime
    status: str
    agent: str
    messages: int


@dataclass(frozen=True)
class Transcript:
    conversation: ConvRow
    messages: tuple[MessageRow, ...]
    transfers: tuple[TransferRow, ...]
    others: tuple[PastConversation, ...]  # the buyer's other recent conversations, newest first


def short(nick: str | None) -> str:
    return (nick or "").split(":", 1)[-1]


def waits(session: Session, ids: Sequence[int]) -> dict[int, tuple[datetime | None, str]]:
    """(start of the unanswered turn or None, last message text) per conversation."""
    out: dict[int, tuple[datetime | None, str]] = {i: (None, "") for i in ids}
    for chunk in (list(ids[i:i + 500]) for i in range(0, len(ids), 500)):
        rows = session.execute(
            select(Message.conversation_id, Message.sender, Message.sent_at, Message.content,
                   func.coalesce(Message.ad_manual, Message.ad_auto))
            .where(Message.conversation_id.in_(chunk)).order_by(Message.conversation_id, Message.sent_at, Message.id)
        ).all()
        for cid, sender, at, content, is_ad in rows:
            start, _text = out[cid]
            if sender == Sender.BUYER and not is_ad and start is None:
                start = at
            elif sender == Sender.AGENT:
                start = None
            out[cid] = (start, content or "")
    return out


def conversation_rows(session: Session, where: Iterable[ColumnElement[bool]], limit: int = 500) -> list[ConvRow]:
    q = (select(Conversation, Account.nick).outerjoin(Account, Account.id == Conversation.agent_id)
         .where(*where).order_by(Conversation.id.desc()).limit(limit))
    found = session.execute(q).all()
    info = waits(session, [c.id for c, _nick in found])
    rows = [
        ConvRow(c.id, c.buyer_nick, c.status, c.agent_id, short(nick), c.group_id, c.entry_page, c.created_at,
                c.last_message_at, info[c.id][0] if c.status != ConversationStatus.CLOSED else None, info[c.id][1])
        for c, nick in found
    ]
    return sort_rows(rows)


def sort_rows(rows: list[ConvRow]) -> list[ConvRow]:
    """Unreplied first, the longest wait on top; then the most recently active."""
    def key(r: ConvRow) -> tuple[int, float]:
        if r.waiting_since is not None:
            return (0, r.waiting_since.timestamp())
        return (1, -(r.last_message_at.timestamp() if r.last_message_at else 0.0))

    return sorted(rows, key=key)


def live_rows(session: Session, agent_id: int | None) -> list[ConvRow]:
    """Open and queued conversations: one agent's (`agent_id`), or every one (None)."""
    where: list[ColumnElement[bool]] = [Conversation.status.in_(LIVE_STATES)]
    if agent_id is not None:
        where.append(Conversation.agent_id == agent_id)
    return conversation_rows(session, where)


def transcript(session: Session, conversation_id: int, others: int = 10) -> Transcript | None:
    rows = conversation_rows(session, [Conversation.id == conversation_id], 1)
    if not rows:
        return None
    conv = rows[0]
    messages = tuple(
        MessageRow(m.id, m.sender, short(m.agent_nick), m.sent_at, m.content, m.is_ad, m.ad_manual)
        for m in session.scalars(select(Message).where(Message.conversation_id == conversation_id)
                                 .order_by(Message.sent_at, Message.id))
    )
    names = dict(session.execute(select(Account.id, Account.nick)).all())
    transfers = tuple(
        TransferRow(t.at, short(names.get(t.from_agent_id or 0)), short(names.get(t.to_agent_id or 0)), t.note)
        for t in session.scalars(select(Transfer).where(Transfer.conversation_id == conversation_id)
                                 .order_by(Transfer.id))
    )
    count = (select(func.count()).select_from(Message).where(Message.conversation_id == Conversation.id)
             .correlate(Conversation).scalar_subquery())
    past = tuple(
        PastConversation(c.id, c.created_at, c.status, short(names.get(c.agent_id) if c.agent_id else ""), int(n or 0))
        for c, n in session.execute(
            select(Conversation, count)
            .where(Conversation.buyer_nick == conv.buyer, Conversation.id != conversation_id)
            .order_by(Conversation.created_at.desc(), Conversation.id.desc()).limit(others)
        ).all()
    )
    return Transcript(conv, messages, transfers, past)


def holders(session: Session, conversation_id: int) -> tuple[str, str, int | None] | None:
    """(buyer, status, agent id) of a conversation."""
    row = session.execute(select(Conversation.buyer_nick, Conversation.status, Conversation.agent_id)
                          .where(Conversation.id == conversation_id)).first()
    return (row[0], row[1], row[2]) if row else None


