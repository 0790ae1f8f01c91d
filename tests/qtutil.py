"""Helpers for the pytest-qt tests (the `runner` fixture is in conftest.py)."""

from __future__ import annotations

from typing import Any


def idle(qtbot: Any, runner: Any) -> None:
    """Wait until the panel's background work (the `Runner`) has finished."""
    qtbot.waitUntil(lambda: not runner.busy, timeout=20_000)
