"""Turn-taking on SQLite's one write lock between a long import and live writers.

Every console (every `Database` on a shop file) holds a shared OS lock on `<shop>-consoles`
while it has the shop open (`Presence`). An import that can turn that into an exclusive lock is
alone with the shop: nobody can be kept waiting, and it takes the quickest way, one transaction.

A chat import (`conversations.staged_import`) keeps its transaction open from one batch to the
next while nobody else wants to write, and commits as soon as somebody does. A writer that
finds the lock taken says so by holding a shared OS lock on `<shop>-writers` while it waits;
the import probes that file between batches (a system call, no database round trip), commits,
and lets the waiting writers go first.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: no flock; SQLite imports there keep the write lock for their run
    fcntl = None  # type: ignore[assignment]

LOCKS = fcntl is not None  # OS file locks: imports can queue and take turns with live writers

SUFFIX = "-writers"
LET_IN_S = 0.25  # the longest an import stands aside for a stream of writers
_PATH = "zg_writers_path"  # connection info: this shop's file of waiting writers ("" in memory)


def try_exclusive(fd: int) -> bool:
    """Take an exclusive lock on an open file if nobody holds one on it (no waiting)."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def path_of(raw: sqlite3.Connection, info: dict[str, Any]) -> str:
    path = info.get(_PATH)
    if path is None:
        main = next((r[2] for r in raw.execute("PRAGMA database_list") if r[1] == "main"), "")
        path = info[_PATH] = main + SUFFIX if main else ""
    return str(path)


@contextmanager
def waiting(raw: sqlite3.Connection, info: dict[str, Any]) -> Iterator[None]:
    """Held while this writer waits for the write lock."""
    path = path_of(raw, info)
    if not path or not LOCKS:
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


class Import:
    """The import's side: is anybody waiting, and stand aside until they have had the lock."""

    def __init__(self, raw: sqlite3.Connection, info: dict[str, Any]) -> None:
        path = path_of(raw, info)
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600) if path and LOCKS else -1

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def _free(self) -> bool:
        if not try_exclusive(self.fd):
            return False
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        return True

    def wanted(self) -> bool:
        """Somebody waits for the write lock."""
        return self.fd >= 0 and not self._free()

    def let_in(self) -> None:
        """After a commit: wait (a while at most) until the waiting writers have the lock."""
        deadline = time.monotonic() + LET_IN_S
        while self.fd >= 0 and not self._free() and time.monotonic() < deadline:
            time.sleep(0.001)


CONSOLES = "-consoles"


class Presence:
    """This console has the shop open (a shared lock), or, while `alone()` holds, is the only
    one. A console that starts during such an import does not wait for it here: a thread takes
    its shared lock when the import ends, and it waits for the write lock like any writer."""

    def __init__(self, path: str) -> None:
        self.fd = -1
        if not LOCKS:
            return
        self.fd = os.open(path + CONSOLES, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:  # such an import runs: counted in as soon as it ends
            threading.Thread(target=fcntl.flock, args=(self.fd, fcntl.LOCK_SH),
                             name="zg-presence", daemon=True).start()

    @contextmanager
    def alone(self, wanted: bool = True) -> Iterator[bool]:
        """Whether no other console has the shop open (asked only when `wanted`); if so, none
        is counted in until the end."""
        if not wanted or self.fd < 0:
            yield False
            return
        if not try_exclusive(self.fd):
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(self.fd, fcntl.LOCK_SH)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
