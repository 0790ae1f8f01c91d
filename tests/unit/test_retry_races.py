"""A PostgreSQL unit of work that lost a race to another console's (duplicate key,
serialization failure, deadlock) runs again; any other error is the caller's."""

from __future__ import annotations

import pytest
from sqlalchemy import exc

from app.services.common.database import RACE_ATTEMPTS, retry_races


class _DriverError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _failing(sqlstate: str, times: int) -> tuple[list[int], object]:
    calls: list[int] = []

    def unit() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise exc.IntegrityError("INSERT …", {}, _DriverError(sqlstate))
        return "done"

    return calls, unit


def test_a_lost_race_runs_again() -> None:
    calls, unit = _failing("23505", 1)
    assert retry_races(unit) == "done" and len(calls) == 2  # type: ignore[arg-type]


def test_a_race_lost_every_time_is_reported() -> None:
    calls, unit = _failing("40001", RACE_ATTEMPTS)
    with pytest.raises(exc.IntegrityError):
        retry_races(unit)  # type: ignore[arg-type]
    assert len(calls) == RACE_ATTEMPTS


def test_other_integrity_errors_are_not_retried() -> None:
    calls, unit = _failing("23503", 1)  # a foreign key: a bug or bad input, not a race
    with pytest.raises(exc.IntegrityError):
        retry_races(unit)  # type: ignore[arg-type]
    assert len(calls) == 1


def test_a_race_already_told_as_a_conflict_runs_again() -> None:
    from app.services.common.database import busy_errors

    calls, unit = _failing("23505", 1)

    def told() -> object:
        with busy_errors(None):
            return unit()  # type: ignore[operator]

    assert retry_races(told) == "done" and len(calls) == 2


def test_a_raced_write_is_a_clear_conflict_not_a_driver_error() -> None:
    from app.services.common.database import busy_errors
    from app.services.common.errors import Conflict

    _calls, unit = _failing("23505", 1)
    with pytest.raises(Conflict) as refused, busy_errors(None):
        unit()  # type: ignore[operator]
    assert "没有保存任何内容" in refused.value.message
