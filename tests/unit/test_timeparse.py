"""The importer's timestamp shortcut (`TimestampParser.utc_text`) agrees with the full
parser on every input, good or bad, in a fixed-offset zone and in one with DST."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.models.base import stored_text
from app.services.common.timeparse import TimestampError, TimestampParser, zone

PARSERS = [TimestampParser(zone("Asia/Shanghai")), TimestampParser(zone("Europe/Berlin"))]


def _both(parser: TimestampParser, text: str) -> tuple[object, object]:
    try:
        want: object = stored_text(parser(text))
    except TimestampError as exc:
        want = ("error", exc.reason)
    try:
        got: object = parser.utc_text(text)
    except TimestampError as exc:
        got = ("error", exc.reason)
    return got, want


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("text", [
    "2026-11-11 09:30:00", "2026/11/11 23:59:59", "2026-11-11T09:30:00", " 2026-11-11 09:30:00 ",
    "2026-02-30 10:00:00", "2026-11-11 24:00:00", "2026-11-11 09:60:00", "2026-11-11 09:3a:00",
    "1990-06-01 12:00:00", "2026-11-11 09:30:00+08:00", "2026-1-1 9:00:00", "2026-11-11 09:30:00.5",
    "2026-03-29 02:30:00", "2026-10-25 02:30:00", "2026-11-11 ０9:30:00", "2026-11-11 09:３0:00",
])
def test_shortcut_matches_the_parser(parser: TimestampParser, text: str) -> None:
    got, want = _both(parser, text)
    assert got == want


@settings(max_examples=400, deadline=None)
@given(st.integers(1985, 2035), st.integers(0, 13), st.integers(0, 32), st.integers(0, 25),
       st.integers(0, 61), st.integers(0, 61), st.sampled_from("-/"), st.sampled_from([0, 1]))
def test_shortcut_matches_the_parser_everywhere(y, mo, d, h, mi, s, sep, which):  # type: ignore[no-untyped-def]
    text = f"{y}{sep}{mo:02d}{sep}{d:02d} {h:02d}:{mi:02d}:{s:02d}"
    got, want = _both(PARSERS[which], text)
    assert got == want
