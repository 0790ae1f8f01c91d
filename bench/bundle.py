"""The installer's figures: bundle and .deb size, build time, and time to first paint of the
frozen program against the same from the virtual environment (both offscreen, `--demo`, a
fresh user each run; the window frame paints before the demo data arrives).

    python bench/bundle.py            builds first (bash tools/build-installer, ~2-5 min)
    python bench/bundle.py --reuse    measures the existing dist/ (dist/build-info.json)

Last line: one JSON object with bundle_mb (goal <= 200), deb_mb, build_s, frozen_start_s,
venv_start_s (medians of RUNS starts after one warm-up) and the cold first starts.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
FROZEN = ROOT / "dist" / "zhanggui" / "zhanggui"
VENV = [str(ROOT / ".venv" / "bin" / "python"), "-m", "app"]


def first_paint(command: list[str]) -> float:
    """Seconds from launch until the program reports its first painted window."""
    with tempfile.TemporaryDirectory(prefix="zg-bench-") as home:
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "ZHANGGUI_DB")}
        env.update(HOME=home, XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config",
                   XDG_STATE_HOME=f"{home}/state", XDG_CACHE_HOME=f"{home}/cache",
                   QT_QPA_PLATFORM="offscreen", ZG_FIRST_PAINT_EXIT="1")
        start = time.perf_counter()
        proc = subprocess.Popen([*command, "--demo"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                env=env, cwd=home, text=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "first-paint":
                elapsed = time.perf_counter() - start
                break
        else:
            raise RuntimeError(f"{command[0]} never painted (exit {proc.wait()})")
        proc.wait(timeout=60)
        return elapsed


def timings(command: list[str]) -> tuple[float, float]:
    cold = first_paint(command)
    warm = [first_paint(command) for _ in range(RUNS)]
    return round(cold, 3), round(statistics.median(warm), 3)


def main() -> int:
    if "--reuse" not in sys.argv:
        env = {**os.environ, "ZG_SKIP_SETUP": "1"}
        subprocess.run(["bash", str(ROOT / "tools" / "build-installer")], check=True, cwd=ROOT, env=env)
    info = json.loads((ROOT / "dist" / "build-info.json").read_text())
    frozen_cold, frozen = timings([str(FROZEN)])
    venv_cold, venv = timings(VENV)
    print(f"bundle {info['bundle_mb']} MB, deb {info['deb_mb']} MB, build {info['build_s']} s; "
          f"first paint frozen {frozen} s (cold {frozen_cold}), venv {venv} s (cold {venv_cold})", file=sys.stderr)
    print(json.dumps({
        "bundle_mb": info["bundle_mb"], "deb_mb": info["deb_mb"], "build_s": info["build_s"],
        "deb_s": info.get("deb_s"), "frozen_start_s": frozen, "venv_start_s": venv,
        "frozen_cold_start_s": frozen_cold, "venv_cold_start_s": venv_cold, "runs": RUNS,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
