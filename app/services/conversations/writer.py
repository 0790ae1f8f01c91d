"""The one message writer. Every path that stores a message — live routing, the reception
workbench, `ingest`, the simulator, the demo and the history imports — goes through here, so
every message gets:

- one fingerprint rule (METRICS §2: conversation id, buyer, agent, sender, time, content), so a
  later import of an export that holds live conversations adds nothing twice;
- the ad filter's verdict on buyer messages (§3);
- the report summaries kept right: a message that joins a summarised conversation drops its
  summary (the report replays it) unless the caller refreshes it in the same transaction.

`append` writes one live message on a transaction's connection (raw SQL: it sits on the
routing hot path). Bulk writers (the chat import) use `fingerprint` and `classifier` and call
`summaries.refresh` themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from hashlib import sha1
from typing import Any

from app.models.base import stored_text
from app.models.vocabulary import Sender
from app.services.common import staging
from app.services.conversations import summaries

Classifier = Callable[[list[str]], list[tuple[bool, str | None]]]


def fingerprint(conversation_id: str, buyer: str, agent: str, sender: str, stamp: str, content: str) -> bytes:
    """The identity of a chat row (§2) over its six fields; `stamp` is `stored_text(sent_at)`,
    so the same instant written in different formats is the same row."""
    return sha1("\x1f".join((conversation_id, buyer, agent, sender, stamp, content)).encode("utf-8")).digest()


def fingerprints_hex(rows: Iterable[tuple[str, str, str, str, str, str]]) -> list[str]:
    """`fingerprint(*row).hex()` of many rows at once (the chat import's batches)."""
    return [sha1("\x1f".join(row).encode("utf-8")).hexdigest() for row in rows]


def message_fingerprint(conversation_id: str, buyer: str, agent: str | None, sender: str, sent_at: datetime,
                        content: str) -> str:
    """`fingerprint` as stored in `messages.fingerprint` (hex)."""
    return fingerprint(conversation_id, buyer, agent or "", sender, stored_text(sent_at), content).hex()


_CLASSIFIER: Classifier | None = None


def classifier() -> Classifier:
    """The ad filter as a batch function `texts → [(is_ad, reason)]`, loaded once per process
    and caching repeated short texts (chat logs repeat them a lot)."""
    global _CLASSIFIER
    if _CLASSIFIER is None:
        from app.services.adfilter import AdFilter

        flt = AdFilter.default()
        cache: dict[str, tuple[bool, str | None]] = {}

        def classify(texts: list[str]) -> list[tuple[bool, str | None]]:
            todo = list({t for t in texts if t not in cache})
            if todo:
                if len(cache) + len(todo) > 200_000:
                    cache.clear()
                for t, v in zip(todo, flt.classify_many(todo), strict=True):
                    cache[t] = (bool(v.is_ad), v.reason)
            return [cache[t] for t in texts]

        _CLASSIFIER = classify
    return _CLASSIFIER


@dataclass(frozen=True, slots=True)
class Conv:
    """What the writer needs to know of the conversation a message joins."""

    id: int
    external_id: str
    buyer_nick: str


_INSERT = (
    "INSERT INTO messages (conversation_id, sender, buyer_nick, agent_nick, sent_at, content, ad_auto,"
    " ad_reason, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def append(connection: Any, conv: Conv, sender: Sender | str, agent_nick: str | None, content: str,
           sent_at: datetime, *, new_conversation: bool = False, classify: bool = True,
           verdict: tuple[bool, str | None] | None = None) -> tuple[bool, str | None]:
    """Store one message of `conv` inside the caller's transaction (`connection`: a SQLAlchemy
    Connection). Returns the ad verdict it stored. `new_conversation` skips the summary probe
    (a conversation made in this transaction has none); `verdict` gives the ad verdict
    instead of the filter's (seeded demo history)."""
    is_ad, reason = (False, None)
    if verdict is not None:
        is_ad, reason = verdict
    elif classify and sender == Sender.BUYER and content:
        is_ad, reason = classifier()([content])[0]
    stamp = stored_text(sent_at)
    fp = fingerprint(conv.external_id, conv.buyer_nick, agent_nick or "", str(sender), stamp, content).hex()
    params = (conv.id, str(sender), conv.buyer_nick, agent_nick, sent_at, content, is_ad, reason, fp)
    dbapi = connection.connection.dbapi_connection
    cur = dbapi.cursor()
    try:
        if connection.dialect.name == "sqlite":
            cur.execute(staging.to_main(_INSERT, connection.connection.info), (*params[:4], stamp, *params[5:]))
        else:
            cur.execute(_INSERT.replace("?", "%s"), params)
    finally:
        cur.close()
    if not new_conversation:
        forget_summary(connection, conv.id)
    return is_ad, reason


def forget_summary(connection: Any, conversation_id: int) -> None:
    """A message joined (or left) a conversation: a stored report summary no longer holds
    every message, so the report replays it until it is refreshed."""
    from sqlalchemy import text

    if connection.execute(text("SELECT 1 FROM conversation_summaries WHERE conversation_id = :id"),
                          {"id": conversation_id}).first():
        summaries.drop(connection, [conversation_id])
