"""What changed, broadcast to whoever shows it (Anki's `OpChanges`, Electrum's callbacks).

Services publish the areas a committed unit of work touched, e.g. `{"routing"}`; a panel
refreshes only when a change touches what it shows. The bus is Qt-free: subscribers run on
the publishing thread, and the Qt shell re-emits them as a signal so panels update on the GUI
thread. Other consoles on the same PostgreSQL hear of changes through `common.notify`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from enum import StrEnum


class Area(StrEnum):
    """The parts of the shop a panel may show; a change names the ones it touched."""

    ACCOUNTS = "accounts"  # sub-accounts, their status and passwords
    ROLES = "roles"
    ROUTING = "routing"  # groups, members, rules, routing settings
    PRESENCE = "presence"  # agents' 在线/挂起/离线
    CONVERSATIONS = "conversations"  # conversations and messages, live or imported; orders, ratings
    ADS = "ads"  # ad verdicts (the filter's or a user's)
    SECURITY = "security"  # sign-in policy, sessions, the operation log
    SETTINGS = "settings"  # shop settings


ALL_AREAS: frozenset[str] = frozenset(Area)

Subscriber = Callable[[frozenset[str]], None]


class ChangeBus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[Subscriber] = []

    def subscribe(self, fn: Subscriber) -> Callable[[], None]:
        """Call `fn(areas)` on every publish; returns the function that unsubscribes."""
        with self._lock:
            self._subscribers.append(fn)

        def unsubscribe() -> None:
            with self._lock:
                if fn in self._subscribers:
                    self._subscribers.remove(fn)

        return unsubscribe

    def publish(self, areas: Iterable[str] | str) -> frozenset[str]:
        """Tell every subscriber which areas changed (after the change was committed)."""
        changed = frozenset((areas,) if isinstance(areas, str) else areas)
        if changed:
            with self._lock:
                subscribers = list(self._subscribers)
            for fn in subscribers:
                fn(changed)
        return changed
