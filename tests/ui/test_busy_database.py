"""The GUI while another process writes (docs/concurrency.md): a job that found the database
busy is offered again, and a routing setting saved during a big import commits at once."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from app.services.common.errors import Busy
from app.ui.shell.workers import Runner
from tests.cli.test_many_writers import _writing, week_rows, write, zhanggui
from tests.qtutil import idle
from tests.ui.test_routing_panel import open_panel


def test_a_job_that_found_the_database_busy_is_offered_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = Runner()
    tries: list[int] = []
    asked: list[str] = []
    done: list[int] = []

    def job() -> int:
        tries.append(1)
        if len(tries) == 1:
            raise Busy("数据库正忙")
        return 42

    def offer(exc: Busy) -> bool:
        asked.append(exc.message)
        return True

    runner.retry_prompt = offer
    runner.run(job, done.append)
    idle(qtbot, runner)
    assert (asked, done, len(tries)) == (["数据库正忙"], [42], 2)

    errors: list[Exception] = []
    runner.retry_prompt = lambda exc: False  # 取消: the error is shown as any other
    tries.clear()
    runner.run(job, done.append, errors.append)
    idle(qtbot, runner)
    assert [type(e) for e in errors] == [Busy] and done == [42]


@pytest.mark.db
def test_a_routing_setting_saved_during_a_big_import_commits_within_a_second(
        qtbot, shop, owner, runner, db_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = write(tmp_path / "big.csv", week_rows(40_000))
    wal = Path(db_url.split("///", 1)[1] + "-wal") if db_url.startswith("sqlite") else None
    proc = zhanggui(db_url, "import", "chats", str(big))
    try:
        deadline = time.monotonic() + 300
        while not _writing(db_url, proc, wal):
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)  # polling another process
        panel = open_panel(qtbot, shop, owner, runner)
        panel.auto_reply.setPlainText("亲，导入期间也能保存")
        started = time.monotonic()
        panel.save_settings_button.click()
        idle(qtbot, runner)
        took = time.monotonic() - started
        assert proc.poll() is None, "the import ended first: make the file bigger"
        assert shop.routing.settings(owner).auto_reply == "亲，导入期间也能保存"
        assert took < 1.0
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
