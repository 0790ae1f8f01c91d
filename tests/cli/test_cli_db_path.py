"""A --db path that cannot be created is the user's mistake: a message and exit 2."""

from __future__ import annotations

from app.cli import main


def test_unwritable_db_path_exits_2_with_a_message(capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["--db", "sqlite:////proc/no/such/dir/x.db", "routing", "try", "我要退款"])
    err = capsys.readouterr().err
    assert code == 2
    assert "/proc/no/such/dir" in err and "Traceback" not in err
