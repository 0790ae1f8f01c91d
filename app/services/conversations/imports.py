"""History imports (METRICS.md §2): chat messages, orders and ratings from CSV files.

- UTF-8 with or without BOM, comma separated, a header row whose names are English or
  Chinese, in any order (unknown extra columns are ignored).
- The file is streamed, never loaded whole, and written in chunks (SQLite executemany,
  PostgreSQL COPY) inside ONE transaction: any bad row rejects the whole file (rolled back) with
  every `line N: reason` (N = physical line where the record starts; a quoted field may span
  lines). After the first bad row nothing more is written, the rest is only validated.
- Idempotent: chat rows by fingerprint (see `writer.message_fingerprint`) with copy counting,
  orders by `order_id`, ratings by conversation.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, update

from app.i18n import _
from app.models.conversations import Conversation, Message, Order, Rating
from app.models.vocabulary import ConversationStatus
from app.services.accounts.permissions import Actor
from app.services.common import audit, locks
from app.services.common.database import Database
from app.services.common.errors import Busy, ValidationError
from app.services.common.timeparse import TimestampError, TimestampParser, shop_zone
from app.services.conversations import (
    bulk,
    chat_reader,
    chat_summariser,
    pg_ids,
    sqlite_tuning,
    staged_import,
    summaries,
)
from app.services.conversations.chat_reader import SENDER_NAMES
from app.services.conversations.csv_source import (
    EncodingError,
    Errors,
    Source,
    bad_time,
    header_map,
)

KINDS = ("chats", "orders", "ratings")
# how long an import waits for the one before it (ZG_IMPORT_WAIT_S overrides it)
IMPORT_WAIT_S = float(os.environ.get("ZG_IMPORT_WAIT_S") or 600)
CHUNK = 5000
WORKER_MIN_BYTES = 16 << 20  # a chat file this big is read by a worker process (second core)

RATING_NAMES = {
    "很满意": 5, "满意": 4, "一般": 3, "不满意": 2, "很不满意": 1,
    "5": 5, "4": 4, "3": 3, "2": 2, "1": 1,
}


@dataclass(frozen=True)
class ImportResult:
    kind: str
    rows: int  # data rows read
    added: int  # rows that changed the database (new, or replacing an order's/rating's fields)
    skipped: int  # rows already present (identical)
    replaced: int = 0  # of `added`: orders/ratings whose stored fields were replaced

    def as_json(self) -> dict[str, int]:
        return {"rows": self.rows, "added": self.added, "skipped": self.skipped}


class ImportService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def import_file(
        self,
        actor: Actor,
        kind: str,
        path: str | Path,
        progress: Callable[[int, int], None] | None = None,
        exclusive_if_alone: bool = False,
    ) -> ImportResult:
        """Import one CSV file of `kind` (chats|orders|ratings), all or nothing. A caller that
        does nothing else meanwhile (the `import` command) may let a SQLite import alone with
        the shop take the write lock for its whole run, the quickest way (`staged_import.chosen`).

        `progress(done_bytes, total_bytes)` is called now and then on the calling thread; an
        exception raised from it cancels the import (nothing is written) and propagates."""
        actor.require("data.import")
        if kind not in KINDS:
            raise ValidationError(_("未知的导入类型：{kind}").format(kind=kind))
        path = Path(path)
        if not path.is_file():
            raise ValidationError(_("找不到文件：{file}").format(file=str(path)))
        source = Source(path, progress)
        if progress is not None:
            progress(0, source.total)
        try:
            # Imports queue behind one another (each decides which rows are new on what the
            # one before it committed), for longer than other writers wait.
            with busy_as(_("另一个导入正在进行，等待 {n} 秒后仍未结束。请等它完成后再试。"), IMPORT_WAIT_S), \
                    staged_import.chosen(self.db, kind, source.total, IMPORT_WAIT_S, exclusive_if_alone) as staged, \
                    (staged.run() if staged else self.db.session(wait_s=IMPORT_WAIT_S)) as s:
                locks.take(s, locks.Lock.IMPORTS)
                parse_time = TimestampParser(shop_zone(s))
                with sqlite_tuning.big_cache(s), sqlite_tuning.deferred_indexes(s, kind, source.total, staged):
                    job = (_ChatImport(s, parse_time, staged) if kind == "chats" else
                           {"orders": _OrderImport, "ratings": _RatingImport}[kind](s, parse_time))
                    result = job.run(source, path)
                audit.record(s, actor, f"import.{kind}", path.name, rows=result.rows,
                             added=result.added, skipped=result.skipped, replaced=result.replaced)
        except OSError as exc:
            raise ValidationError(
                _("无法读取文件 {file}：{error}").format(file=str(path), error=exc.strerror or exc)
            ) from exc
        except EncodingError as exc:
            raise ValidationError(
                _("文件 {file} 不是 UTF-8 编码（第 {line} 行无法解码），未导入任何数据。"
                  "请在 Excel 或记事本中另存为“UTF-8”后再导入。").format(file=path.name, line=exc.line),
                details=[_("第 {line} 行：{reason}").format(line=exc.line, reason=_("不是 UTF-8 编码"))],
            ) from None
        if progress is not None:
            progress(source.total, source.total)
        return result


@contextmanager
def busy_as(message: str, wait_s: float) -> Iterator[None]:
    """`Busy` with this unit's own message (`{n}`: the seconds it waited)."""
    try:
        yield
    except Busy:
        raise Busy(message.format(n=round(wait_s))) from None


class _Job:
    kind = ""

    def __init__(self, session, parse_time: TimestampParser) -> None:  # type: ignore[no-untyped-def]
        self.s = session
        self.conn = session.connection()
        self.parse_time = parse_time
        self.errors = Errors()
        self.rows = 0
        self.added = 0
        self.skipped = 0
        self.replaced = 0

    def run(self, source: Source, path: Path) -> ImportResult:
        records = source.records()
        index = None
        for line, row, csv_error in records:
            if csv_error is not None or row is None:
                self.errors.add(line, _("CSV 格式错误：{error}").format(error=csv_error))
                break
            index = header_map(self.kind, row, self.errors)
            width = len(row)
            break
        else:
            raise ValidationError(_("文件 {file} 是空的（没有表头）。").format(file=path.name))
        if index is None:
            self.errors.raise_if_any(path)
            return ImportResult(self.kind, 0, 0, 0)  # not reached: a header error was added
        self.check_records(records, width, index)
        self.finish()
        self.errors.raise_if_any(path)
        return ImportResult(self.kind, self.rows, self.added, self.skipped, self.replaced)

    def check_records(self, records: Iterable[tuple[int, list[str] | None, str | None]], width: int,
                      index: dict[str, int]) -> None:
        """Each data record through the row checks (a CSV error or a wrong field count is a
        line error of its own)."""
        for line, row, csv_error in records:
            if csv_error is not None or row is None:
                self.errors.add(line, _("CSV 格式错误：{error}").format(error=csv_error))
                continue
            self.rows += 1
            if len(row) != width:
                self.errors.add(line, _("有 {n} 个字段，表头有 {m} 个").format(n=len(row), m=width))
                continue
            self.row(line, row, index)

    def row(self, line: int, row: list[str], index: dict[str, int]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        raise NotImplementedError

    def _time(self, line: int, value: str) -> datetime | None:
        try:
            return self.parse_time(value)
        except TimestampError as exc:
            self.errors.add(line, bad_time(value.strip(), exc))
            return None


class _ChatImport(_Job):
    """Chats: `chat_reader.ChatReader` checks, times, fingerprints and classifies the rows,
    in a worker process for a big file; this summarises the new conversations from its
    batches (`chat_summariser`) and writes them."""

    kind = "chats"

    def __init__(self, session, parse_time: TimestampParser,  # type: ignore[no-untyped-def]
                 staged: staged_import.StagedImport | None = None) -> None:
        super().__init__(session, parse_time)
        self.staged = staged
        self.columns: tuple[int, ...] = ()
        # the reader's conversation number → db id of one the database had, or negated, of one
        # made here on PostgreSQL (on SQLite, a new conversation's id is its number)
        self.remap: dict[int, int] = {}
        self.touched: set[int] = set()  # existing conversations that got messages
        self.loaded: set[int] = set()  # existing conversations whose fingerprints are in `held`
        # Copy counting, only for fingerprints the database held before this import (the
        # held counts look at ids <= max_id, so rows added by this import never count).
        self.held: dict[str, int] = {}  # fingerprint (hex) → copies held before
        self.seen: dict[str, int] = {}  # fingerprint → copies met so far in this file
        self.max_id = self.conn.execute(select(func.max(Message.id))).scalar() or 0
        self.next_id = self.max_id + 1  # SQLite: the reader numbers the messages from here
        self.table = _table(Message)
        self.raw = self.conn.dialect.name == "sqlite"
        conv_max = self.conn.execute(select(func.max(_table(Conversation).c.id))).scalar()
        self.next_conv = (conv_max or 0) + 1
        self.no_conversations = conv_max is None  # nothing to look up
        if staged is not None:  # the ranges it reserved
            self.max_id, self.next_id, self.next_conv = staged.message_from - 1, staged.message_from, \
                staged.conversation_from
        self.existing: set[int] = set()  # numbers of the conversations the database had
        # PostgreSQL: ids drawn from the sequences (`pg_ids`), writes on their own thread;
        # SQLite: the reader's numbers, writes at once
        self.writes = pg_ids.Writes(threaded=not self.raw)
        self.message_ids = pg_ids.MessageIds(self.next_id, pg_ids.Ids(self.conn, self.writes, "messages", 100_000))
        self.conversation_ids = pg_ids.Ids(self.conn, self.writes, "conversations", 20_000)
        self.spans = pg_ids.Spans(self.conn, self.writes)
        # new conversations are summarised from their rows as the batches come
        self.summariser = chat_summariser.ChatSummariser(parse_time.tz)
        self.scattered: set[int] = set()  # … except these (ids; made again from the database)
        self.buyers: set[str] = set()  # named by the summaries written
        self.days: set[int] = set()  # of the one-day conversations summarised

    def run(self, source: Source, path: Path) -> ImportResult:
        kw: dict[str, Any] = {"chunk": CHUNK, "first_conversation": self.next_conv}
        worker = source.total >= WORKER_MIN_BYTES and chat_reader.can_work()
        batches = (chat_reader.worker_batches(source.path, self.parse_time.tz, self.staged.idle if self.staged else None, **kw)
                   if worker
                   else chat_reader.ChatReader(source.path, self.parse_time.tz, **kw).batches())
        try:
            return self._run(batches, source, path)
        finally:
            self.writes.stop()
            batches.close()

    def _run(self, batches: Iterator[tuple[Any, ...]], source: Source, path: Path) -> ImportResult:
        first = next(batches)
        if first[0] == "empty":
            raise ValidationError(_("文件 {file} 是空的（没有表头）。").format(file=path.name))
        _tag, line, header, csv_error = first
        if csv_error is not None or header is None:
            self.errors.add(line, _("CSV 格式错误：{error}").format(error=csv_error))
            self.errors.raise_if_any(path)
        index = header_map(self.kind, header, self.errors)
        if index is None:
            self.errors.raise_if_any(path)
            return ImportResult(self.kind, 0, 0, 0)  # not reached: a header error was added
        width = len(header)
        self.columns = tuple(index[k] for k in
                             ("conversation_id", "buyer", "agent", "sender", "sent_at", "content"))
        reported = 0
        checked = False
        for batch in batches:
            if self.staged is not None and batch[0] == "end":
                self.staged.resume()
            if batch[0] == "rows":
                self._rows(batch)
            elif batch[0] == "end" and not self.errors:
                self._summaries(self.summariser.close())
            elif batch[0] == "raw":
                checked = True
                self.check_records(batch[2], width, index)
            if source.progress is not None and batch[1] > reported:
                reported = batch[1]
                source.progress(reported, source.total)
        if checked and not self.errors:  # the reader refused a row these checks accept
            raise RuntimeError("the chat import's reader and checks disagree")
        self.finish()
        self.errors.raise_if_any(path)
        return ImportResult(self.kind, self.rows, self.added, self.skipped, self.replaced)

    def row(self, line: int, row: list[str], index: dict[str, int]) -> None:
        """List the errors of a row the reader refused (`ChatReader._convert`'s rules)."""
        c_cid, c_buyer, c_agent, c_sender, c_time, _c_content = self.columns
        cid, buyer, agent, raw_sender = (row[c].strip() for c in (c_cid, c_buyer, c_agent, c_sender))
        sender = SENDER_NAMES.get(raw_sender) or SENDER_NAMES.get(raw_sender.lower())
        if sender is None:
            self.errors.add(line, _("未知的发送方：{value}").format(value=raw_sender))
        if not cid:
            self.errors.add(line, _("会话ID 为空"))
        if sender is not None and sender != "system":
            if not agent:
                self.errors.add(line, _("客服为空（买家、客服和自动回复行必须写明客服）"))
            if not buyer:
                self.errors.add(line, _("买家为空"))
        try:
            self.parse_time.utc_text(row[c_time])
        except TimestampError as exc:
            self.errors.add(line, bad_time(row[c_time].strip(), exc))

    def finish(self) -> None:
        self.writes.close()
        if self.errors:
            return
        if not self.raw and self.added >= summaries.ANALYZE_MIN_ROWS:
            # PostgreSQL plans what follows on statistics perhaps from nearly empty tables (a scan
            # of every message per conversation: minutes); ANALYZE sees this transaction's rows.
            self.conn.exec_driver_sql("ANALYZE messages, conversations, conversation_summaries, summary_lines")
        self.spans.apply()
        if self.staged is not None:
            self.staged.finish(self.scattered, self.touched, self.buyers, self.days)
            return
        # times in SQL (no per-conversation state kept) for those the reader had no span of
        new, touched = sorted(self.scattered), sorted(self.touched)
        staged_import.conversation_times(self.conn, new, touched)
        summaries.refresh(self.conn, [*new, *touched], also_buyers=self.buyers, also_days=self.days)

    def _conversations(self, fresh: list[tuple[str, int, str, str]], out: chat_summariser.Out) -> None:
        """Find or make the conversations first met in a batch: (external id, the reader's
        number, buyer, stamp). Those that also ended in it (`out`) get their span now, the
        others when it is known (an UPDATE of every row took 12 s of a 5 M-row import)."""
        missing = {cid: (no, buyer, stamp) for cid, no, buyer, stamp in fresh}
        t = _table(Conversation)
        if not self.no_conversations:
            for part in bulk.slices(list(missing)):
                stmt = select(t.c.id, t.c.external_id).where(t.c.external_id.in_(part))
                for db_id, ext in self._read(stmt):
                    no = missing.pop(ext)[0]
                    self.remap[no] = db_id
                    self.existing.add(no)
        if not missing:
            return
        # SQLite: the reader's numbers are the ids (the transaction holds the write lock; a
        # number left unused is a harmless gap). PostgreSQL: ids from the table's sequence,
        # which live conversations draw from at the same time.
        ids = ([no for no, _buyer, _stamp in missing.values()] if self.raw
               else self.conversation_ids.take(len(missing)))
        spans = {span[3]: span for span in out.spans}
        rows = []
        for db_id, (ext, (no, buyer, stamp)) in zip(ids, missing.items(), strict=True):
            if not self.raw:
                self.remap[no] = -db_id
            first, last = (stamp, stamp) if (span := spans.pop(no, None)) is None else span[:2]
            if not self.raw:  # stored UTC text
                first, last = first + "+00", last + "+00"
            rows.append((db_id, ext, buyer, "import", ConversationStatus.CLOSED, "", "", first, last, last))
        out.spans = list(spans.values())  # the spans still to set
        self.writes.submit(lambda: bulk.insert_rows(self.conn, "conversations", _CONVERSATION_COLUMNS, rows))

    def _rows(self, batch: tuple[Any, ...]) -> None:
        """Write a reader's batch of good rows (see `chat_reader`)."""
        _tag, _done, columns, fresh, seconds = batch
        numbers, senders, buyers, agents, stamps, contents, ads, reasons, fps = columns
        n = len(numbers)
        self.rows += n
        first_id = self.next_id
        self.next_id += n
        if self.errors:
            return
        out = self.summariser.feed(numbers, senders, buyers, agents, stamps, seconds, ads, {f[1] for f in fresh},
                                   first_id, self.staged.turn if self.staged else None)
        if self.staged is not None:
            self.staged.resume()
        if fresh:
            self._conversations(fresh, out)
        remap = self.remap
        keep = None
        conv_ids = numbers
        if remap and not remap.keys().isdisjoint(numbers):
            signed = [remap.get(no, -no) for no in numbers]  # negative: made by this import
            if not self.existing.isdisjoint(numbers):
                # rows of conversations the database had: copies it holds are skipped
                keep = self._copies(signed, fps)
            conv_ids = [abs(d) for d in signed]
        if n:
            # SQLite: the reader's places are the ids; PostgreSQL: ids drawn from the sequence
            ids = range(first_id, first_id + n) if self.raw else self.message_ids.take(n)
            times = stamps if self.raw else [st + "+00" for st in stamps]  # stored UTC text
            rows: Any = zip(ids, conv_ids, senders, buyers, agents, times, contents, ads, reasons, fps, strict=True)
            if keep is not None:
                rows = [r for r, k in zip(rows, keep, strict=True) if k]
            if self.staged is not None:
                self.staged.in_turns(rows, self._write_messages)
            else:
                self.writes.submit(lambda: self._write_messages(rows))
        # staged, after a writer's turn at the last slice, the batch's few summary rows go in as
        # statements of their own (still hidden): taking the lock again for them measured worse
        self._summaries(out)
        self.added += n if keep is None else sum(keep)
        if self.staged is not None:
            self.staged.turn()

    def _write_messages(self, rows: Iterable[Sequence[Any]]) -> None:
        bulk.insert_rows(self.conn, "messages", _RAW_COLUMNS, rows)

    def _copies(self, signed: list[int], fps: list[str]) -> list[bool]:
        """Which rows to write (`signed`: conversation ids, negative for those this import
        made): a row of an existing conversation is skipped while the file has not yet met
        as many copies of it as the database held before."""
        existing = sorted({d for d in signed if d > 0} - self.loaded)
        if existing:
            # How many copies of each row the database held before, read per conversation
            # (the conversation index) for the existing conversations this batch touches.
            self.loaded.update(existing)
            t = self.table.c
            for part in bulk.slices(existing):
                for hx, n in self._read(
                    select(t.fingerprint, func.count())
                    .where(t.conversation_id.in_(part), t.id <= self.max_id)
                    .group_by(t.fingerprint)
                ):
                    self.held[hx] = n
        keep = []
        held, seen = self.held, self.seen
        for db_id, fp in zip(signed, fps, strict=True):
            if db_id > 0:
                copies = held.get(fp)
                if copies is not None:
                    k = seen.get(fp, 0) + 1
                    seen[fp] = k
                    if k <= copies:
                        self.skipped += 1
                        keep.append(False)
                        continue
                self.touched.add(db_id)
            keep.append(True)
        return keep

    def _read(self, stmt: Any) -> Sequence[Any]:
        """The rows of a select, after the writes queued before it."""
        return self.writes.call(lambda: self.conn.execute(stmt).all())

    def _made(self, number: int) -> int:
        """PostgreSQL: the id drawn for a conversation this import made (see `remap`)."""
        return -self.remap[number]

    def _summaries(self, out: chat_summariser.Out) -> None:
        """Store the summaries of conversations this import made (those the database had are
        made again from it at the end)."""
        sums, lines, spans, scattered = out.sums, out.lines, out.spans, out.scattered
        had = self.existing
        if had:
            sums = [r for r in sums if r[0] not in had]
            lines = [r for r in lines if r[0] not in had]
            spans = [r for r in spans if r[3] not in had]
            scattered = [no for no in scattered if no not in had]
        made = self._made
        self.scattered.update(scattered if self.raw else (made(no) for no in scattered))
        if not sums:
            return
        days = self.days
        for r in sums:
            if r[3] == r[4]:
                days.add(r[3])
        self.buyers.update(r[2] for r in lines)
        # a scattered conversation's span is set again in SQL at the end
        if self.raw:
            self.conn.connection.driver_connection.executemany(_RAW_TIMES, spans)
        else:
            self.spans.add([(made(no), first, last) for first, last, _last, no in spans])
            sums, lines = pg_ids.placed(sums, lines, made, self.message_ids)
        self.writes.submit(lambda: summaries.write_records(self.conn, sums, lines))


_RAW_COLUMNS = ("id", "conversation_id", "sender", "buyer_nick", "agent_nick", "sent_at", "content",
                "ad_auto", "ad_reason", "fingerprint")
_CONVERSATION_COLUMNS = ("id", "external_id", "buyer_nick", "source", "status", "entry_page", "buyer_tags",
                         "created_at", "last_message_at", "closed_at")
_RAW_TIMES = "UPDATE conversations SET created_at = ?, last_message_at = ?, closed_at = ? WHERE id = ?"


class _OrderImport(_Job):
    kind = "orders"

    def __init__(self, session, parse_time: TimestampParser) -> None:  # type: ignore[no-untyped-def]
        super().__init__(session, parse_time)
        # order id → [buyer, paid_at, amount, state] with state "db" | "new" | "changed" | "same"
        self.state: dict[str, list[Any]] = {}
        self.pending: list[tuple[int, str, str, datetime, Decimal]] = []
        self.buyers: set[str] = set()  # whose orders changed: their summaries follow

    def row(self, line: int, row: list[str], index: dict[str, int]) -> None:
        oid = row[index["order_id"]].strip()
        buyer = row[index["buyer"]].strip()
        ok = True
        if not oid:
            self.errors.add(line, _("订单号为空"))
            ok = False
        elif len(oid) > 64:
            self.errors.add(line, _("订单号太长"))
            ok = False
        if not buyer:
            self.errors.add(line, _("买家为空"))
            ok = False
        amount = _amount(row[index["amount"]])
        if amount is None:
            self.errors.add(line, _("金额无效：{value}").format(value=row[index["amount"]].strip()))
            ok = False
        paid_at = self._time(line, row[index["paid_at"]])
        if paid_at is None or not ok or amount is None:
            return
        self.pending.append((line, oid, buyer, paid_at, amount))
        if len(self.pending) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        chunk, self.pending = self.pending, []
        ids = list({oid for _l, oid, *_r in chunk if oid not in self.state})
        t = _table(Order)
        for part in bulk.slices(ids):
            for oid, buyer, paid_at, amount in self.conn.execute(
                select(t.c.order_id, t.c.buyer_nick, t.c.paid_at, t.c.amount).where(t.c.order_id.in_(part))
            ):
                self.state[oid] = [buyer, paid_at, Decimal(amount), "db"]
        for _line, oid, buyer, paid_at, amount in chunk:
            cur = self.state.get(oid)
            if cur is None:
                self.state[oid] = [buyer, paid_at, amount, "new"]
                self.buyers.add(buyer)
                self.added += 1
            elif cur[0] == buyer and cur[1] == paid_at and cur[2] == amount:
                self.skipped += 1
            else:
                self.buyers.update((cur[0], buyer))
                cur[0], cur[1], cur[2] = buyer, paid_at, amount
                if cur[3] in ("db", "same"):
                    cur[3] = "changed"
                self.added += 1
                self.replaced += 1

    def finish(self) -> None:
        if self.errors:
            return
        self.flush()
        t = _table(Order)
        new = [{"order_id": k, "buyer_nick": v[0], "paid_at": v[1], "amount": v[2]}
               for k, v in self.state.items() if v[3] == "new"]
        changed = [{"oid": k, "buyer_nick": v[0], "paid_at": v[1], "amount": v[2]}
                   for k, v in self.state.items() if v[3] == "changed"]
        for part in range(0, len(new), CHUNK):
            self.conn.execute(insert(t), new[part : part + CHUNK])
        if changed:
            stmt = update(t).where(t.c.order_id == bindparam("oid")).values(
                buyer_nick=bindparam("buyer_nick"), paid_at=bindparam("paid_at"),
                amount=bindparam("amount"))
            for part in range(0, len(changed), CHUNK):
                self.conn.execute(stmt, changed[part : part + CHUNK])
        summaries.refresh_buyers(self.conn, self.buyers)


def _amount(text: str) -> Decimal | None:
    text = text.strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        return None
    if value >= Decimal("1e12"):
        return None
    return value


class _RatingImport(_Job):
    kind = "ratings"

    def __init__(self, session, parse_time: TimestampParser) -> None:  # type: ignore[no-untyped-def]
        super().__init__(session, parse_time)
        self.convs: dict[str, int | None] = {}  # external id → db id (None: unknown)
        self.state: dict[int, list[Any]] = {}  # db id → [rating, "db"|"new"|"changed"]
        self.pending: list[tuple[int, str, int]] = []

    def row(self, line: int, row: list[str], index: dict[str, int]) -> None:
        cid = row[index["conversation_id"]].strip()
        raw = row[index["rating"]].strip()
        rating = RATING_NAMES.get(raw)
        ok = True
        if not cid:
            self.errors.add(line, _("会话ID 为空"))
            ok = False
        if rating is None:
            self.errors.add(line, _("评价无效：{value}（应为 很满意/满意/一般/不满意/很不满意 或 5..1）").format(value=raw))
            ok = False
        if ok and rating is not None:
            self.pending.append((line, cid, rating))
            if len(self.pending) >= CHUNK:
                self.flush()

    def flush(self) -> None:
        chunk, self.pending = self.pending, []
        ext = list({cid for _l, cid, _r in chunk if cid not in self.convs})
        t = _table(Conversation)
        found: dict[str, int] = {}
        for part in bulk.slices(ext):
            for db_id, e in self.conn.execute(select(t.c.id, t.c.external_id).where(t.c.external_id.in_(part))):
                found[e] = db_id
        for e in ext:
            self.convs[e] = found.get(e)
        ids = [found[e] for e in ext if e in found]
        r = _table(Rating)
        for part in bulk.slices(ids):
            for conv_id, rating in self.conn.execute(
                select(r.c.conversation_id, r.c.rating).where(r.c.conversation_id.in_(part))
            ):
                self.state[conv_id] = [rating, "db"]
        for line, cid, rating in chunk:
            db_id = self.convs[cid]
            if db_id is None:
                self.errors.add(line, _("会话 {conversation} 不存在（请先导入聊天记录）").format(conversation=cid))
                continue
            cur = self.state.get(db_id)
            if cur is None:
                self.state[db_id] = [rating, "new"]
                self.added += 1
            elif cur[0] == rating:
                self.skipped += 1
            else:
                cur[0] = rating
                if cur[1] == "db":
                    cur[1] = "changed"
                self.added += 1
                self.replaced += 1

    def finish(self) -> None:
        self.flush()
        if self.errors:
            return
        now = datetime.now(UTC)
        r = _table(Rating)
        new = [{"conversation_id": k, "rating": v[0], "updated_at": now}
               for k, v in self.state.items() if v[1] == "new"]
        changed = [{"cid": k, "rating": v[0], "updated_at": now}
                   for k, v in self.state.items() if v[1] == "changed"]
        for part in range(0, len(new), CHUNK):
            self.conn.execute(insert(r), new[part : part + CHUNK])
        if changed:
            stmt = update(r).where(r.c.conversation_id == bindparam("cid")).values(
                rating=bindparam("rating"), updated_at=bindparam("updated_at"))
            for part in range(0, len(changed), CHUNK):
                self.conn.execute(stmt, changed[part : part + CHUNK])
        # ratings count in the per-day figures of one-day conversations
        rated = [k for k, v in self.state.items() if v[1] != "db"]
        summaries.refresh_agent_days(self.conn, None if len(rated) > 20_000 else
                                     summaries.days_of(self.conn, rated))


def _table(model: type[Conversation | Message | Order | Rating]) -> Table:
    """The model's Core table (declared as a `FromClause` on mapped classes; a `Table` here)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table
