"""The simulator running beside a console, in real time: a daemon thread that, once a second,
applies what the simulator has due by the console's clock (the demo shop's traffic; the
reception toolbar starts, pauses and changes its rate). Qt-free; changes reach the panels
through the change bus like any other event."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

from app.services.accounts.permissions import Actor
from app.services.common.errors import Busy
from app.services.common.timeparse import zone
from app.services.live import simrun
from app.services.live.service import LiveService
from app.services.live.simulator import SimConfig, Simulator

TICK_S = 1.0


DEMO_CONFIG = SimConfig(seed=11, rate=1.5)  # the demo shop's traffic: a quiet weekday


class BackgroundSimulator:
    def __init__(self, live: LiveService, actor: Actor, config: SimConfig, timezone: str,
                 humans: frozenset[str] = frozenset()) -> None:
        self.live = live
        self.actor = actor
        self.config = replace(config, minutes=7 * 24 * 60)
        self.timezone = timezone
        self.humans = humans
        self._sim: Simulator | None = None
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()
        self._running = False
        self._stopping = False
        self.last_error: Exception | None = None

    @property
    def running(self) -> bool:
        return self._running

    @property
    def rate(self) -> float:
        return self.config.rate

    def start(self) -> None:
        """Start (or resume) the traffic."""
        if self._sim is None:
            start = self.live.now()
            agents = [n for n in simrun.routed_agents(self.live) if n not in self.humans]
            self._sim = Simulator(self.config, start, zone(self.timezone), agents, self.humans)
        self._running = True
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="zg-simulator", daemon=True)
            self._thread.start()
        self._wake.set()

    def pause(self) -> None:
        self._running = False

    def set_rate(self, rate: float) -> None:
        self.config = replace(self.config, rate=max(0.05, float(rate)))
        if self._sim is not None:
            self._sim.config = replace(self._sim.config, rate=self.config.rate)

    def stop(self) -> None:
        self._stopping = True
        self._running = False
        self._wake.set()

    def _loop(self) -> None:
        while not self._stopping:
            self._wake.wait(TICK_S)
            self._wake.clear()
            if not self._running or self._sim is None or self._stopping:
                continue
            try:
                now = self.live.db.clock.now()
                due = self._sim.next_at()
                if due is not None and due < now - timedelta(minutes=10):
                    # paused for a while: skip what fell due meanwhile instead of a burst
                    for task in self._sim.tasks_until(now - timedelta(minutes=10)):
                        if task.kind == "arrival":  # keep buyers coming
                            self._sim.push_arrival(now)
                simrun.run_until(self.live, self.actor, self._sim, now, live_clock=True)
            except Busy:
                continue  # another process holds the write lock (an import): the next tick goes on
            except Exception as exc:  # noqa: BLE001 - e.g. the database went away: stop quietly
                self.last_error = exc
                self._running = False
