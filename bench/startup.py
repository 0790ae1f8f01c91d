"""Start-up: time from process start to the first painted main window and to the demo data
shown and idle, over fresh processes offscreen; a bare PySide6 QMainWindow for comparison.

    python bench/startup.py [--runs 5]

The last line is one JSON object: first_paint_s, ready_s, peak_mb, bare_qt_s (medians), plus
cold_ready_s (the very first launch, which creates and seeds the demo database).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _emit(**figures: float) -> None:
    import resource

    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("BENCH " + json.dumps(figures), flush=True)


def child_bare(t0: float) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.resize(1280, 800)

    class Probe(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint and obj is window:
                QTimer.singleShot(0, lambda: (_emit(first_paint_s=time.time() - t0), app.quit()))
                app.removeEventFilter(self)
            return False

    probe = Probe()
    app.installEventFilter(probe)
    window.show()
    app.exec()


def child_app(t0: float) -> None:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    import app.ui.shell.controller as controller
    from app.cli import main
    from app.ui.shell.main_window import MainWindow

    marks: dict[str, float] = {}

    class Probe(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint and isinstance(obj, MainWindow) and "first_paint_s" not in marks:
                marks["first_paint_s"] = time.time() - t0
            return False

    probe = Probe()
    original_init = QApplication.__init__

    def patched_snapshot(self) -> None:  # type: ignore[no-untyped-def]
        def check() -> None:
            home = self.window.panels.get("home") if self.window else None
            if self.runner.busy or home is None or home.tiles["active"].value.text() == "—":
                QTimer.singleShot(2, check)
                return
            marks["ready_s"] = time.time() - t0
            marks.setdefault("first_paint_s", marks["ready_s"])
            _emit(**marks)
            self.exit_code = 0
            QApplication.quit()

        QApplication.instance().installEventFilter(probe)
        check()

    controller.AppController._headless_snapshot = patched_snapshot  # type: ignore[method-assign]
    # The probe must see the frame's very first paint, before the demo data arrives.
    original_start = controller.AppController.start

    def start(self) -> None:  # type: ignore[no-untyped-def]
        QApplication.instance().installEventFilter(probe)
        original_start(self)

    controller.AppController.start = start  # type: ignore[method-assign]
    del original_init
    raise SystemExit(main(["--demo"]))


def run_child(kind: str, env: dict[str, str]) -> dict[str, float]:
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--t0", repr(t0)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )
    for line in out.stdout.splitlines():
        if line.startswith("BENCH "):
            return json.loads(line[6:])
    raise RuntimeError(f"{kind} child failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child")
    parser.add_argument("--t0", type=float)
    args = parser.parse_args()
    if args.child == "bare":
        return child_bare(args.t0)
    if args.child == "app":
        return child_app(args.t0)

    scratch = tempfile.mkdtemp(prefix="zg-bench-")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=scratch, XDG_DATA_HOME=f"{scratch}/data",
               LANG="zh_CN.UTF-8")
    cold = run_child("app", env)  # creates and seeds the demo database
    runs = [run_child("app", env) for _ in range(args.runs)]
    bare = [run_child("bare", env) for _ in range(args.runs)]
    figures = {
        "first_paint_s": round(statistics.median(r["first_paint_s"] for r in runs), 3),
        "ready_s": round(statistics.median(r["ready_s"] for r in runs), 3),
        "peak_mb": round(max(r["peak_mb"] for r in runs), 1),
        "bare_qt_s": round(statistics.median(r["first_paint_s"] for r in bare), 3),
        "bare_qt_peak_mb": round(max(r["peak_mb"] for r in bare), 1),
        "cold_ready_s": round(cold["ready_s"], 3),
        "runs": args.runs,
    }
    figures["first_paint_ratio"] = round(figures["first_paint_s"] / figures["bare_qt_s"], 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
