"""Summaries of the conversations a chat import makes, from its rows as they stream past.

The importing process runs this on each batch of good rows (`chat_reader`), not the reader:
the reader is the slower half of a big import, and the writer waits for it, so summarising
next to the writes uses time the writer would otherwise spend waiting.

A conversation ends where another one's row comes (exact when a file keeps each
conversation's rows together, as exports do). One whose rows come back later is
`scattered`: its early summary is not exact, so the importer makes it again from the
database at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from operator import itemgetter
from typing import Any

from app.services.conversations import summaries
from app.services.reporting.metrics import summarize

TICK_ROWS = 1000
Span = tuple[str, str, str, int]  # (first stamp, last stamp, last stamp, number)


class Out:
    """What a batch gave: summary and line records (`summaries.summary_records`), spans, and
    the numbers of the conversations found scattered in it."""

    def __init__(self) -> None:
        self.sums: list[tuple[Any, ...]] = []
        self.lines: list[tuple[Any, ...]] = []
        self.spans: list[Span] = []
        self.scattered: list[int] = []


class ChatSummariser:
    def __init__(self, tz: tzinfo) -> None:
        self.days = summaries.Days(tz)
        self.current: int | None = None  # the conversation being summarised
        self.rows: list[tuple[Any, ...]] = []  # its rows, as `metrics.MsgRow`s + the stamp

    def feed(self, convs: list[int], senders: list[str], buyers: list[str], agents: list[str | None],
             stamps: list[str], times: list[float], ads: list[bool], new: set[int], first_seq: int,
             tick: Callable[[], object] | None = None) -> Out:
        """One batch's rows (columns, in file order): `new` holds the conversations first met
        in it, `first_seq` is its first row's message id (it breaks ties between equal times).
        `tick()` is called every `TICK_ROWS` rows (the importer lets a live writer in)."""
        out = Out()
        broken: set[int] = set()
        new = set(new)
        seq = first_seq
        next_tick = seq + TICK_ROWS
        rows = self.rows
        for conv, sender, buyer, agent, stamp, at, is_ad in zip(convs, senders, buyers, agents, stamps, times, ads,
                                                                 strict=True):
            if conv != self.current:
                if tick is not None and seq >= next_tick:
                    tick()
                    next_tick = seq + TICK_ROWS
                self._close(out)
                rows = self.rows
                if conv not in new:  # met before, and another conversation came since
                    if conv not in broken:
                        broken.add(conv)
                        out.scattered.append(conv)
                    seq += 1
                    continue
                new.discard(conv)
                self.current = conv
            rows.append((conv, sender, buyer, agent, at, is_ad, seq, stamp))
            seq += 1
        return out

    def close(self) -> Out:
        """The last conversation's summary (the file ended)."""
        out = Out()
        self._close(out)
        return out

    def _close(self, out: Out) -> None:
        if self.current is None:
            return
        rows = self.rows
        rows.sort(key=_ORDER)  # message order: time, then import order
        # the time orders the stamps too: first and last are the conversation's span
        out.spans.append((rows[0][7], rows[-1][7], rows[-1][7], self.current))
        for summary in summarize(map(_MSG_ROW, rows)):
            s, ls = summaries.summary_records(summary, self.days)
            out.sums.append(s)
            out.lines.extend(ls)
        self.current = None
        self.rows = []


_ORDER = itemgetter(4, 6)
_MSG_ROW = itemgetter(0, 1, 2, 3, 4, 5, 6)  # a `metrics.MsgRow`'s fields
