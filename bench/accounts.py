"""Benchmark: the sub-accounts panel over 10,000 sub-accounts.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/accounts.py [--rows 10000]

Prints its figures as ONE JSON object on the last line:
  show_ms    panel constructed, data loaded off the GUI thread and shown (goal ≤ 300)
  filter_ms  median time of one search keystroke (filter + repaint) (goal ≤ 30)
  peak_mb    peak resident memory of the process
  show_cpu_ms / filter_cpu_ms   the same in CPU time (robust on a loaded machine), loadavg
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def seed(services, rows: int) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import insert, select

    from app.models.accounts import Account, Role
    from app.models.base import utcnow
    from app.models.vocabulary import AccountKind, AccountStatus

    services.shop.create("压测小店", "13800138000", "Owner-pass1")
    services.accounts.set_quota(services.auth.owner_actor(), rows + 10)
    with services.db.session() as s:
        roles = list(s.scalars(select(Role.id)))
        depts = ["客服部", "运营部", "设计部", "财务部", "仓储部"]
        now = utcnow()
        batch = []
        for i in range(rows):
            status = AccountStatus.DELETED if i % 50 == 0 else AccountStatus.FROZEN if i % 37 == 0 else AccountStatus.ACTIVE
            batch.append(
                {
                    "kind": AccountKind.SUB,
                    "nick": f"压测小店:员工{i:05d}",
                    "alias": f"花名{i % 997}",
                    "department": depts[i % len(depts)],
                    "title": "客服",
                    "employee_no": f"E{i:06d}",
                    "hired_on": date(2020, 1, 1) + timedelta(days=i % 1500),
                    "bound_phone": f"139{i:08d}",
                    "role_id": roles[i % len(roles)],
                    "takes_routing": i % 3 == 0,
                    "status": status,
                    "verified_at": now if i % 4 else None,
                    "left_at": now if status == AccountStatus.DELETED else None,
                    "created_at": now,
                    "failed_logins": 0,
                }
            )
        s.execute(insert(Account), batch)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, QEventLoop
    from PySide6.QtWidgets import QApplication

    from app.services.container import Services
    from app.ui.accounts.subaccounts_panel import SubAccountsPanel
    from app.ui.common.panel import PanelContext
    from app.ui.common.style import apply_style
    from app.ui.shell.workers import Runner

    app = QApplication.instance() or QApplication([])
    apply_style(app)
    folder = Path(tempfile.mkdtemp(prefix="zg-bench-"))
    services = Services.open(f"sqlite:///{folder / 'bench.sqlite3'}")
    seed(services, args.rows)
    owner = services.auth.owner_actor()
    runner = Runner()

    # The app is already up when the panel is opened: fonts and style are loaded.
    from PySide6.QtWidgets import QLabel

    warm = QLabel("青禾小铺 warm-up")
    warm.show()
    app.processEvents()
    warm.close()

    cpu_start = time.process_time()
    timer = QElapsedTimer()
    timer.start()
    panel = SubAccountsPanel(PanelContext(services, owner, runner))
    panel.resize(1280, 800)
    panel.show()
    loop = QEventLoop()
    runner.busy_changed.connect(lambda busy: None if busy else loop.quit())
    panel.refresh()
    if not panel.loaded:
        loop.exec()  # sleeps until the worker reports; no busy polling to steal the GIL
    panel.repaint()
    app.processEvents()
    show_ms = timer.elapsed()
    show_cpu_ms = (time.process_time() - cpu_start) * 1000
    assert panel.model.total() == args.rows, panel.model.total()

    times: list[float] = []
    cpu_times: list[float] = []
    for text in ("1", "13", "139", "1390", "13900", "139000", "1390001", "13900", "139", "", "员", "员工", "员工0",
                 "员工00", "员工001", "", "花", "花名", "花名9", "花名99", "", "E", "E0", "E00", "E001", ""):
        start, cpu = time.perf_counter(), time.process_time()
        panel.search.setText(text)
        panel.table.viewport().repaint()
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu) * 1000)
    filter_ms = statistics.median(times)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    runner.wait_idle()
    panel.close()
    services.close()
    print(json.dumps({
        "rows": args.rows,
        "show_ms": round(show_ms, 1),
        "filter_ms": round(filter_ms, 2),
        "filter_max_ms": round(max(times), 2),
        "peak_mb": round(peak_mb, 1),
        # CPU time spent, which a busy machine does not inflate, and the load it ran under
        "show_cpu_ms": round(show_cpu_ms, 1),
        "filter_cpu_ms": round(statistics.median(cpu_times), 2),
        "loadavg": round(os.getloadavg()[0], 2),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
