"""What "authorisation is current" costs: `actor.require()` with the live check (one indexed
query per call) against a fixed actor, on a fresh SQLite shop. Last line: one JSON object."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from app.services.container import Services

    with tempfile.TemporaryDirectory() as folder:
        svc = Services.open(f"sqlite:///{folder}/bench.sqlite3")
        svc.shop.create("测试小店", "13800138000", "Owner-pass1")
        live = svc.auth.sign_in("13800138000", "Owner-pass1")
        fixed = replace(live, authority=None)
        n = 5000
        out = {}
        for name, actor in (("fixed", fixed), ("live", live)):
            start = time.perf_counter()
            for _i in range(n):
                actor.require("subaccounts.view")
            out[f"{name}_us_per_call"] = round((time.perf_counter() - start) / n * 1e6, 1)
        svc.close()
    print(json.dumps({"bench": "security_authority", "calls": n, **out}))


if __name__ == "__main__":
    main()
