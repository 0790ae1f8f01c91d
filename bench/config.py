"""Benchmark: apply a shop set-up file with 1,000 sub-accounts on SQLite (goal < 10 s).

    python bench/config.py [--accounts 1000]

The file has a custom role, 1,000 sub-accounts (each with alias, department, title, employee
number, hire date, a manager for most of them), 20 routing groups holding 600 of them as
members, and 40 entry rules. Timed, each on the same fresh SQLite file:
  dry_run_s  the whole file checked, nothing written
  apply_s    checked and applied in one transaction (the goal: < 10 s)
  reapply_s  the same file again (nothing to change)
  export_s   `config export` of the result
  apply_cpu_s  apply_s in CPU time of this process (steadier on a loaded machine)
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GROUPS = 20
RULES = 40


def document(accounts: int) -> dict[str, Any]:
    roles = ["售前客服", "售后客服", "客服主管", "质检"]
    subs = []
    for i in range(accounts):
        subs.append({
            "name": f"员工{i:05d}", "alias": f"花名{i % 997}", "department": f"客服{i % 7}部", "title": "客服",
            "employee_no": f"E{i:06d}", "hired_on": f"20{20 + i % 6}-0{1 + i % 9}-1{i % 10}",
            "manager": f"员工{i // 10:05d}" if i >= 10 else None, "bound_phone": f"139{i:08d}",
            "role": roles[i % len(roles)], "takes_routing": i % 5 < 3, "status": "frozen" if i % 97 == 5 else "active",
        })
    groups = []
    for g in range(GROUPS):
        members = [{"agent": f"员工{i:05d}", "capacity": 3 + i % 5, "weight": 1 + i % 3, "order": i}
                   for i in range(accounts) if i % 5 < 3 and i % GROUPS == g]
        groups.append({"name": ["售前", "售后"][g] if g < 2 else f"组{g:02d}",
                       "mode": ["balanced", "weighted", "ordered"][g % 3], "default": g == 0,
                       "overflow": None if g % 4 else "售前" if g else None, "order": g, "members": members})
    rules = [{"kind": ["keyword", "tag", "product", "order_status"][r % 4], "pattern": f"词{r:03d},别名{r:03d}",
              "group": groups[r % GROUPS]["name"], "priority": r, "enabled": True} for r in range(RULES)]
    return {
        "version": 1,
        "shop": {"timezone": "Asia/Shanghai", "session_timeout_min": 30},
        "roles": [{"name": "质检", "description": "抽查聊天记录", "permissions": ["cs.history", "data.performance"]}],
        "subaccounts": subs,
        "routing": {"groups": groups, "rules": rules, "proxy_account": "员工00000", "mobile_routing": True,
                    "returning_window_hours": 48},
    }


CPU: dict[str, float] = {}
T = TypeVar("T")


def timed(fn: Callable[[], T], name: str = "") -> tuple[T, float]:
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    if name:
        CPU[name] = round(time.process_time() - cpu, 3)
    return result, round(time.perf_counter() - start, 3)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=1000)
    args = parser.parse_args()

    from app.services.accounts.credentials import CredentialStore
    from app.services.container import Services
    from tests.memory_keyring import MemoryKeyring

    text = json.dumps(document(args.accounts), ensure_ascii=False)
    with tempfile.TemporaryDirectory() as tmp:
        services = Services.open(f"sqlite:///{os.path.join(tmp, 'bench.sqlite3')}", CredentialStore(MemoryKeyring()))
        services.shop.create("压测小店", "13800138000", "Owner-pass1")
        owner = services.auth.owner_actor()
        services.accounts.set_quota(owner, args.accounts + 10)
        dry, dry_s = timed(lambda: services.shopfile.apply(owner, text, dry_run=True))
        applied, apply_s = timed(lambda: services.shopfile.apply(owner, text), "apply_cpu_s")
        again, reapply_s = timed(lambda: services.shopfile.apply(owner, text))
        exported, export_s = timed(lambda: services.shopfile.export(owner))
        services.close()
    assert applied.applied and again.nothing_to_change
    assert len(exported["subaccounts"]) == args.accounts
    figures = {
        "accounts": args.accounts, "bytes": len(text.encode()), "changes": len(applied.changes),
        "dry_run_s": dry_s, "apply_s": apply_s, "reapply_s": reapply_s, "export_s": export_s,
        **CPU, "goal_apply_s": 10.0, "loadavg": round(os.getloadavg()[0], 2),
    }
    print(f"applied {figures['changes']} items ({dry.added} added) from {figures['bytes']:,} bytes")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
