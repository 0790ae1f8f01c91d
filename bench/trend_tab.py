"""Benchmark: the 监控查询 panel's trend tab over the 5 M-message month, as a user sees it.

    .venv/bin/python bench/trend_tab.py [--db URL]

Opens the panel (offscreen) on a database made by `bench/report.py --keep DIR` (default:
DIR=/tmp/zg-bench-5m, its `bench.sqlite3`; `--db URL` for another, e.g. PostgreSQL), signs in
as its owner, picks 2026-10-01..2026-10-30 and presses 查询, as a user would. It times, from
that click:
- `trend_tab_s`: until the trend tab holds the 30 days (goal <= 2.0);
- `report_tab_s`: until the performance table is filled;
and, over the whole wait, `gui_max_stall_ms`: the longest the GUI thread went without
running a 10 ms timer (the GUI stays responsive when this stays near 10-50 ms).
The LAST line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

OWNER_PHONE, OWNER_PASSWORD = "13800138000", "Bench-pass1"  # bench/report.py's shop


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", metavar="URL", default="sqlite:////tmp/zg-bench-5m/bench.sqlite3")
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("LANG", "zh_CN.UTF-8")

    from datetime import date

    from PySide6.QtCore import QDate, QTimer
    from PySide6.QtWidgets import QApplication

    from app.i18n import set_language
    from app.services.container import Services
    from app.ui.common.panel import PanelContext
    from app.ui.monitoring.panel import MonitoringPanel
    from app.ui.shell.workers import Runner

    set_language("zh_CN")
    _app = QApplication.instance() or QApplication([])  # kept alive for the run
    services = Services.open(args.db)
    actor = services.auth.sign_in(OWNER_PHONE, OWNER_PASSWORD)
    runner = Runner()
    panel = MonitoringPanel(PanelContext(services, actor, runner))
    panel.resize(1024, 700)
    panel.show()
    panel.refresh()
    _wait(lambda: not runner.busy, 120)

    first, last = date(2026, 10, 1), date(2026, 10, 30)
    panel.date_from.setDate(QDate(first.year, first.month, first.day))
    panel.date_to.setDate(QDate(last.year, last.month, last.day))
    panel.trend = None
    stall = [0.0, time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        stall[0] = max(stall[0], now - stall[1])
        stall[1] = now

    timer = QTimer()
    timer.timeout.connect(beat)
    timer.start(10)
    t0 = time.perf_counter()
    panel.run_button.click()
    trend_s = _wait(lambda: panel.trend is not None and len(panel.trend.days) == 30, 120) - t0
    report_s = _wait(lambda: panel.perf_model.rowCount() > 1 and not runner.busy, 120) - t0
    timer.stop()
    runner.wait_idle()
    out = {"db": services.db.engine.dialect.name, "days": len(panel.trend.days),
           "trend_tab_s": round(trend_s, 3), "report_tab_s": round(report_s, 3),
           "gui_max_stall_ms": round(stall[0] * 1000, 1)}
    panel.close()
    services.close()
    print(json.dumps(out))
    return 0


def _wait(done: Callable[[], bool], limit_s: float) -> float:
    """Run the event loop (idle between checks) until `done()`; the moment it became true."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    hit: list[float] = []

    def check() -> None:
        if done():
            hit.append(time.perf_counter())
            loop.quit()

    poll = QTimer()
    poll.timeout.connect(check)
    poll.start(5)
    QTimer.singleShot(int(limit_s * 1000), loop.quit)
    if not done():
        loop.exec()
    poll.stop()
    if not hit and not done():
        raise SystemExit("timed out")
    return hit[0] if hit else time.perf_counter()


if __name__ == "__main__":
    raise SystemExit(main())
