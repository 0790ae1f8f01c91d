"""The database-free half of a chat import (METRICS.md §2): CSV records in, ready batches out.

`ChatReader.batches()` validates each record, turns its time into the stored UTC text,
fingerprints it and asks the ad filter about buyer rows, all without touching the database.
A big import runs it in a worker process (`worker_batches`), so it uses the second core
while the importing process writes (Linux); a small one runs it in-process. Both run this
same code, so they import identically. The importing process summarises the conversations
from the batches (`chat_summariser`).

Batches (plain tuples, cheap to pickle):
- `("header", line, row, csv_error)` first (`("empty",)` for a file without records);
- `("rows", done_bytes, columns, fresh, times)`: good rows as columns (`ROW_COLUMNS`, the
  conversation as its number, see below); `fresh` lists `(conversation_id, number, buyer,
  stamp)` of conversations first met in this batch; `times`: each row's time as POSIX
  seconds;
- `("raw", done_bytes, records)`: from the first bad record on, every record as read, for the
  importer's own checks to list every `line N: reason` (nothing is written then);
- `("end", done_bytes)` last.

Conversations are numbered from `first_conversation` in the order they are met: on SQLite a
new conversation's number is its id (the importer maps the numbers of conversations the
database already had). The importer gives messages explicit ids, its first id + the row's
place among the good rows, so summaries know them (they break ties between equal times)
before anything is written; rows it skips as copies already held leave gaps, which is
harmless. On PostgreSQL the importer maps both onto ids drawn from the sequences (`pg_ids`).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue as queue_module
import sys
import traceback
from collections.abc import Callable, Generator, Iterator
from datetime import tzinfo
from pathlib import Path
from typing import Any

from app.services.common.timeparse import TimestampParser
from app.services.conversations import writer
from app.services.conversations.csv_source import EncodingError, Errors, Source, header_map

SENDER_NAMES = {
    "buyer": "buyer", "agent": "agent", "auto": "auto", "system": "system",
    "买家": "buyer", "客服": "agent", "自动回复": "auto", "系统": "system",
}
# the columns of a "rows" batch
ROW_COLUMNS = ("conversation_id", "sender", "buyer", "agent", "stamp", "content", "ad_auto",
               "ad_reason", "fingerprint")
_FIELDS = ("conversation_id", "buyer", "agent", "sender", "sent_at", "content")
_QUEUED = 4  # batches a worker may run ahead of the writer
_POLL_S = 1.0  # how often a waiting importer checks that its worker is still alive


Record = tuple[int, list[str] | None, str | None]  # (line, fields, csv error)


class ChatReader:
    """Batches of a chat CSV (see the module's doc); `first_conversation` is the number
    given to the first conversation met."""

    def __init__(self, path: Path, tz: tzinfo, *, chunk: int, first_conversation: int) -> None:
        self.path = path
        self.parse = TimestampParser(tz)
        self.chunk = chunk
        self.next_conversation = first_conversation
        self.done = 0
        self.numbers: dict[str, int] = {}  # conversation id → its number
        self.classify = writer.classifier()

    def _progress(self, done: int, _total: int) -> None:
        self.done = done

    def batches(self) -> Generator[tuple[Any, ...], None, None]:
        records = Source(self.path, self._progress).records()
        for line, header, csv_error in records:
            yield ("header", line, header, csv_error)
            break
        else:
            yield ("empty",)
            return
        index = header_map("chats", header, Errors()) if header is not None and csv_error is None else None
        if index is None:  # the importer reports the header's errors
            yield ("end", self.done)
            return
        width = len(header or ())
        columns = tuple(index[k] for k in _FIELDS)
        block: list[Record] = []
        for record in records:
            if record[2] is None and record[1] is not None and len(record[1]) == width:
                block.append(record)
                if len(block) < self.chunk:
                    continue
                record = None  # type: ignore[assignment]
            good, bad = self._convert(block, columns)
            if good[0]:
                yield self._batch(*good)
            if bad is None and record is None:
                block = []
                continue
            # the first bad record: every record from there on as it is
            yield from self._raw(block[bad:] if bad is not None else [], record, records)
            return
        good, bad = self._convert(block, columns)
        if good[0]:
            yield self._batch(*good)
        if bad is not None:
            yield from self._raw(block[bad:], None, records)
            return
        yield ("end", self.done)

    def _convert(self, block: list[Record], columns: tuple[int, ...]) -> tuple[tuple[list[Any], ...], int | None]:
        """The fields of the block's rows (conversation id, sender, buyer, agent, stamp,
        content, time as POSIX seconds), cut before its first bad row, and where that is (None: all good). A row
        is bad as the importer's `_ChatImport.row` says (keep the two in step)."""
        c_cid, c_buyer, c_agent, c_sender, c_time, c_content = columns
        rows = [r[1] for r in block]
        cids = [r[c_cid].strip() for r in rows]  # type: ignore[index]
        buyers = [r[c_buyer].strip() for r in rows]  # type: ignore[index]
        agents = [r[c_agent].strip() for r in rows]  # type: ignore[index]
        names = SENDER_NAMES
        senders = [names.get(x) or names.get(x.lower()) for x in (r[c_sender].strip() for r in rows)]  # type: ignore[index]
        stamps, times = self.parse.utc_texts([r[c_time] for r in rows])  # type: ignore[index]
        contents = [r[c_content] for r in rows]  # type: ignore[index]
        bad = None
        if None in senders or None in stamps or "" in cids or (
            ("" in agents or "" in buyers)
            and any(s != "system" and not (a and b) for s, a, b in zip(senders, agents, buyers, strict=True))
        ):
            for i, (cid, sender, buyer, agent, stamp) in enumerate(zip(cids, senders, buyers, agents, stamps,
                                                                          strict=True)):
                if sender is None or not cid or stamp is None or (sender != "system" and not (agent and buyer)):
                    bad = i
                    break
            assert bad is not None
            fields: tuple[list[Any], ...] = (cids, senders, buyers, agents, stamps, contents, times)
            return tuple(c[:bad] for c in fields), bad
        return (cids, senders, buyers, agents, stamps, contents, times), bad

    def _raw(self, first: list[Record], record: Record | None, records: Iterator[Record]) -> Iterator[tuple[Any, ...]]:
        part = [*first, *([record] if record is not None else [])]
        for more in records:
            part.append(more)
            if len(part) >= self.chunk:
                yield ("raw", self.done, part)
                part = []
        yield ("raw", self.done, part)
        yield ("end", self.done)

    def _batch(self, cids: list[str], senders: list[str], buyers: list[str], agents: list[str],
               stamps: list[str], contents: list[str], times: list[float]) -> tuple[Any, ...]:
        n = len(cids)
        agents_or_none: list[str | None] = [a or None for a in agents]
        ads: list[bool] = [False] * n
        reasons: list[str | None] = [None] * n
        texts = [i for i, s in enumerate(senders) if s == "buyer"]
        if texts:
            for i, (is_ad, reason) in zip(texts, self.classify([contents[i] for i in texts]), strict=True):
                if is_ad:
                    ads[i] = True
                    reasons[i] = reason[:200] if reason else None
        fps = writer.fingerprints_hex(zip(cids, buyers, agents, senders, stamps, contents, strict=True))
        numbers = self.numbers
        fresh = []
        for cid, buyer, stamp in zip(cids, buyers, stamps, strict=True):
            if cid not in numbers:
                numbers[cid] = self.next_conversation
                fresh.append((cid, self.next_conversation, buyer, stamp))
                self.next_conversation += 1
        convs = [numbers[cid] for cid in cids]
        # one object per distinct text in a batch: a worker's batch pickles each once
        same: dict[str, str] = {}
        buyers = [same.setdefault(x, x) for x in buyers]
        contents = [same.setdefault(x, x) for x in contents]
        agents_or_none = [x and same.setdefault(x, x) for x in agents_or_none]
        columns = (convs, senders, buyers, agents_or_none, stamps, contents, ads, reasons, fps)
        return ("rows", self.done, columns, fresh, times)

def worker_batches(path: Path, tz: tzinfo, idle: Callable[[], object] | None = None,
                   **options: Any) -> Generator[tuple[Any, ...], None, None]:
    """`ChatReader.batches()` run in a worker process (Linux only, see `can_work`). Closing
    the iterator stops the worker; a worker that fails raises its error here. `idle()` is
    called before waiting for a batch that is not ready.

    Forked, not spawned: a spawned child imports the program's main module again (the CLI
    or the GUI, which would run again) and needs help inside a frozen bundle. The forked
    child only reads the file and computes; it never touches the database connections it
    inherits (POSIX record locks are not inherited) and ends with `os._exit`, running no
    finalizers."""
    writer.classifier()  # loaded here, once: the child inherits it ready (and its cache)
    ctx = multiprocessing.get_context("fork")
    out: Any = ctx.Queue(_QUEUED)
    proc = ctx.Process(target=_work, args=(path, tz, options, out),
                       name="zhanggui-import-reader", daemon=True)
    proc.start()
    try:
        while True:
            if idle is not None and out.empty():
                idle()
            try:
                batch = out.get(timeout=_POLL_S)
            except queue_module.Empty:
                if not proc.is_alive():
                    raise RuntimeError("the import's reader process stopped") from None
                continue
            if batch[0] == "failed":
                if isinstance(batch[1], EncodingError | OSError):
                    raise batch[1]  # what reading the file in-process raises
                raise RuntimeError("the import's reader process failed:\n" + batch[2])
            yield batch
            if batch[0] in ("end", "empty"):
                return
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join(5)
        out.close()
        out.cancel_join_thread()


def can_work() -> bool:
    """Whether `worker_batches` can run here and help: a second core, and fork (safe enough
    on Linux; macOS system frameworks are not fork-safe, Windows has no fork)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every platform
        cores = os.cpu_count() or 1
    return cores > 1 and sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


def _work(path: Path, tz: tzinfo, options: dict[str, Any], out: Any) -> None:
    # What the child inherited is never collected here (no finalizer of the parent's objects,
    # such as its database connections, runs in the child), nor scanned (copy-on-write).
    gc.freeze()
    try:
        parent = os.getppid()
        reader = ChatReader(path, tz, **options)
        for batch in reader.batches():
            while True:
                try:
                    out.put(batch, timeout=_POLL_S)
                    break
                except queue_module.Full:
                    if os.getppid() != parent:  # the importing process is gone
                        os._exit(1)
    except EncodingError as exc:
        out.put(("failed", exc, ""))
    except OSError as exc:
        out.put(("failed", OSError(exc.errno, exc.strerror), ""))
    except BaseException:  # noqa: BLE001 - the importing process reports it
        out.put(("failed", None, traceback.format_exc()))
