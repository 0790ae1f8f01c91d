"""Writes 操作日志 entries inside the caller's unit of work, chained by hash (METRICS §9).

Every entry stores its chain position (`seq`), the previous entry's hash and its own hash
over its content, so an entry edited, deleted, inserted or reordered outside the program is
found by `verify()`. Appends are serialised: `record()` first updates the one-row
`audit_chain` head (a row lock on PostgreSQL, the write lock on SQLite) and only then reads
the previous hash, so two consoles never chain onto the same entry.

Removing the newest entries leaves a valid shorter chain; that is caught only against a head
known from outside the database: the head code the owner writes down, or the copy kept in
the OS keyring after each commit (`keep_heads_in`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.models.audit import AuditEvent
from app.models.base import stored_text
from app.models.security import AuditChain
from app.services.accounts.permissions import Actor

GENESIS = "0" * 64
_PENDING_HEAD = "audit.pending_head"

# engine -> callback(seq, hash) run after a commit that appended entries (the keyring copy)
HeadSink = Callable[[int, str], None]
_sinks: dict[int, HeadSink] = {}


def record(session: Session, actor: Actor | None, action: str, target: str = "", **detail: Any) -> None:
    """Append one entry (who, what, on what, details) to the operation log."""
    at = _now(session)
    plain = {k: _plain(v) for k, v in detail.items()}
    actor_id = actor.account_id if actor else None
    actor_nick = actor.nick if actor else ""
    seq, prev = _claim(session.connection())
    digest = entry_hash(prev, seq, at, actor_id, actor_nick, action, target, plain)
    session.connection().execute(update(AuditChain).where(AuditChain.id == 1).values(last_hash=digest))
    session.add(
        AuditEvent(
            at=at, actor_id=actor_id, actor_nick=actor_nick, action=action, target=target,
            detail=plain, seq=seq, prev_hash=prev, hash=digest,
        )
    )
    session.info[_PENDING_HEAD] = (seq, digest)


def entry_hash(
    prev: str, seq: int, at: datetime, actor_id: int | None, actor_nick: str, action: str,
    target: str, detail: Any,
) -> str:
    """SHA-256 over the previous hash and this entry's content (canonical JSON)."""
    payload = json.dumps(
        [seq, stored_text(at), actor_id, actor_nick, action, target, detail],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )
    return hashlib.sha256(f"{prev}|{payload}".encode()).hexdigest()


def _claim(conn: Connection) -> tuple[int, str]:
    """The next position and the previous hash, holding the chain head's lock."""
    row = conn.execute(
        update(AuditChain).where(AuditChain.id == 1).values(seq=AuditChain.seq + 1)
        .returning(AuditChain.seq, AuditChain.last_hash)
    ).first()
    if row is None:  # a database made without the migration's head row
        conn.execute(insert(AuditChain).values(id=1, seq=1, last_hash=GENESIS))
        return 1, GENESIS
    return int(row[0]), row[1] or GENESIS


def _now(session: Session) -> datetime:
    clock = session.info.get("clock")
    if clock is None:
        from app.services.common.clock import SystemClock

        clock = SystemClock()
    now: datetime = clock.now()
    return now


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


# -- the head outside the database ---------------------------------------------------------
def keep_heads_in(engine: object, sink: HeadSink | None) -> None:
    """After each commit that appended entries on `engine`, hand the new head to `sink`."""
    key = id(getattr(engine, "pool", engine))  # the engine and its option engines share it
    if sink is None:
        _sinks.pop(key, None)
    else:
        _sinks[key] = sink


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    head = session.info.pop(_PENDING_HEAD, None)
    if head is None:
        return
    bind = session.get_bind()
    sink = _sinks.get(id(getattr(bind, "pool", bind)))
    if sink is not None:
        # The keyring copy is a convenience: it never fails a committed change.
        with contextlib.suppress(Exception):
            sink(*head)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING_HEAD, None)


def head_code(seq: int, digest: str) -> str:
    """A short code the owner can write down: `position-first 8 hex digits`."""
    return f"{seq}-{digest[:8].upper()}"


def parse_head_code(code: str) -> tuple[int, str] | None:
    text = (code or "").strip().upper()
    seq_text, _sep, prefix = text.partition("-")
    if not seq_text.isdigit() or len(prefix) != 8 or any(c not in "0123456789ABCDEF" for c in prefix):
        return None
    return int(seq_text), prefix.lower()


# -- verification --------------------------------------------------------------------------
@dataclass(frozen=True)
class ChainReport:
    entries: int
    intact: bool
    first_bad: int | None  # the entry's id
    reason: str | None
    head_seq: int = 0
    head_hash: str = ""

    @property
    def head(self) -> str:
        return head_code(self.head_seq, self.head_hash) if self.head_seq else ""

    def as_json(self) -> dict[str, Any]:
        return {"entries": self.entries, "intact": self.intact, "first_bad": self.first_bad, "reason": self.reason}


def verify(conn: Connection, known_heads: Sequence[tuple[int, str]] = ()) -> ChainReport:
    """Walk the log in id order and recompute every link. `known_heads`: (position, hash or
    hash prefix) pairs known from outside the database; each must still be in the chain."""
    from app.i18n import _

    e = AuditEvent.__table__.c
    total = conn.execute(select(func.count()).select_from(AuditEvent.__table__)).scalar() or 0
    rows = conn.execute(
        select(e.id, e.seq, e.at, e.actor_id, e.actor_nick, e.action, e.target, e.detail, e.prev_hash, e.hash)
        .order_by(e.id)
    )
    prev, expected = GENESIS, 1
    at_seq: dict[int, str] = {}
    wanted = {seq for seq, _h in known_heads}
    for id_, seq, at, actor_id, nick, action, target, detail, prev_hash, digest in rows:

        def bad(reason: str, id_: int = id_) -> ChainReport:
            return ChainReport(total, False, id_, reason)

        if seq is None or digest is None:
            return bad(_("第 {id} 条没有链位置：它是在程序之外插入的。").format(id=id_))
        if seq < expected:
            return bad(_("第 {id} 条的位置 {seq} 不在顺序上：条目被插入或调换了顺序。").format(id=id_, seq=seq))
        if seq > expected:
            return bad(_("第 {id} 条之前缺少 {n} 条：条目被删除了。").format(id=id_, n=seq - expected))
        if prev_hash != prev:
            return bad(_("第 {id} 条与前一条接不上：前面的条目被改动、删除或调换了。").format(id=id_))
        if entry_hash(prev, seq, at, actor_id, nick or "", action, target or "", detail) != digest:
            return bad(_("第 {id} 条的内容与它的哈希不符：条目被改动了。").format(id=id_))
        if seq in wanted:
            at_seq[seq] = digest
        prev, expected = digest, expected + 1
    for seq, known in known_heads:
        if seq >= expected:
            return ChainReport(
                total, False, None,
                _("已知的链头在第 {seq} 个位置，而日志只有 {n} 条：最新的条目被删除了。").format(seq=seq, n=expected - 1),
            )
        if not at_seq.get(seq, "").startswith(known.lower()):
            return ChainReport(
                total, False, None,
                _("第 {seq} 个位置的哈希与已知链头不符：日志被重建过。").format(seq=seq),
            )
    return ChainReport(total, True, None, None, expected - 1, prev if expected > 1 else "")
