"""`zhanggui config export|apply` as real processes: round trip, dry run, idempotence, and bad
files refused with exit 2, a path-named message and nothing changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.demo import seed_demo_shop

ROOT = Path(__file__).resolve().parents[2]


def zg(url: str, *args: str, stdin: str | None = None, lang: str = "zh_CN") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "app", "--db", url, "--lang", lang, *args],
                          capture_output=True, text=True, cwd=ROOT, env=env, input=stdin, timeout=120)


@pytest.fixture
def demo_url(services) -> str:  # type: ignore[no-untyped-def]
    seed_demo_shop(services)
    return services.db.url


@pytest.fixture
def empty_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZG_PW": "Owner-pass1"}
    done = subprocess.run([sys.executable, "-m", "app", "--db", url, "init", "--shop", "新店", "--phone",
                           "13700137000", "--password-env", "ZG_PW"], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return url


def exported(url: str) -> dict:  # type: ignore[type-arg]
    done = zg(url, "config", "export")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_round_trip_dry_run_and_second_apply(demo_url, empty_url, tmp_path) -> None:
    path = tmp_path / "shop.json"
    done = zg(demo_url, "config", "export", "--out", str(path))
    assert done.returncode == 0 and path.exists(), done.stderr
    before = exported(empty_url)

    dry = zg(empty_url, "config", "apply", str(path), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "+ 新增 subaccounts 小美" in dry.stdout and "= 不变 routing.groups 售前" in dry.stdout
    assert dry.stdout.strip().splitlines()[-1].startswith("试运行")
    assert exported(empty_url) == before

    done = zg(empty_url, "config", "apply", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("已应用")
    assert exported(empty_url) == json.loads(path.read_text(encoding="utf-8"))

    again = zg(empty_url, "config", "apply", "-", stdin=path.read_text(encoding="utf-8"))
    assert again.returncode == 0 and again.stdout.strip() == (
        "没有需要修改的内容：店铺设置已与文件一致（25 项未变）。")  # 23 + the demo's two auto-replies


CASES = [
    ("invalid JSON", '{"version": 1,,}', "不是有效的 JSON"),
    ("wrong version", '{"version": 7}', "version: 不支持的版本 7"),
    ("unknown key", '{"version": 1, "shop": {"timezone": "Asia/Shanghai", "name": "x"}}', "shop.name: 未知的键"),
    ("malformed phone", '{"version": 1, "subaccounts": [{"name": "小美", "bound_phone": "139", "role": "售前客服"}]}',
     "subaccounts[0].bound_phone: "),
    ("capacity 0", '{"version": 1, "routing": {"groups": [{"name": "售前", "members": '
                   '[{"agent": "小美", "capacity": 0}]}]}}', "routing.groups[0].members[0].capacity: "),
    ("duplicate nick", '{"version": 1, "subaccounts": [{"name": "新人", "bound_phone": "13912340001", "role": "售前客服"},'
                       ' {"name": "新人", "bound_phone": "13912340002", "role": "售前客服"}]}',
     "subaccounts[1].name: 昵称与 subaccounts[0] 重复"),
    ("unknown role", '{"version": 1, "subaccounts": [{"name": "新人", "bound_phone": "13912340001", "role": "店长"}]}',
     "subaccounts[0].role: 没有名为“店长”的角色"),
    ("unknown permission", '{"version": 1, "roles": [{"name": "质检", "permissions": ["cs.history", "cs.magic"]}]}',
     "roles[0].permissions[1]: 未知的权限：cs.magic"),
    ("member of a missing group", '{"version": 1, "routing": {"groups": [{"name": "售前", "members": '
                                  '[{"agent": "小美", "group": "不存在"}]}]}}', "routing.groups[0].members[0].group: 未知的键"),
    ("more sub-accounts than the quota", json.dumps({"version": 1, "subaccounts": [
        {"name": f"新人{i:03d}", "bound_phone": f"1371234{i:04d}", "role": "售前客服"} for i in range(91)]}),
     "subaccounts: 超出子账号数量上限：已有 10 个，文件里有 91 个，上限 100。"),
    ("rule to a missing group", '{"version": 1, "routing": {"rules": [{"kind": "keyword", "pattern": "发票", '
                                '"group": "开票"}]}}', "routing.rules[0].group: "),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_files_exit_2_and_change_nothing(demo_url, tmp_path, case, text, expected) -> None:
    before = exported(demo_url)
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    done = zg(demo_url, "config", "apply", str(path))
    assert done.returncode == 2
    assert expected in done.stderr and done.stdout == ""
    assert exported(demo_url) == before


def test_english_and_a_missing_file(empty_url, tmp_path) -> None:
    done = zg(empty_url, "config", "apply", str(tmp_path / "nope.json"), lang="en")
    assert done.returncode == 2 and "nope.json" in done.stderr
    path = tmp_path / "bad.json"
    path.write_text('{"version": 1, "subaccounts": [{"name": "小美", "bound_phone": "139", "role": "售前客服"}]}',
                    encoding="utf-8")
    done = zg(empty_url, "config", "apply", str(path), lang="en")
    assert done.returncode == 2
    assert "subaccounts[0].bound_phone: This is not a valid mainland China mobile number: 139" in done.stderr
