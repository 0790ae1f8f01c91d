"""compute_report against a brute-force reading of §4, on random small logs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.reporting.metrics import MsgRow, compute_report

T0 = datetime(2026, 11, 11, tzinfo=UTC)


def reference(rows, orders, ratings, start, end):  # type: ignore[no-untyped-def]
    rows = sorted((r for r in rows if start <= r.sent_at < end),
                  key=lambda r: (r.conversation_id, r.sent_at, r.seq))
    key = lambda r: (r.sent_at, r.seq)  # noqa: E731
    convs: dict[object, list[MsgRow]] = {}
    for r in rows:
        convs.setdefault(r.conversation_id, []).append(r)
    # turns: a start is a non-ad buyer message whose previous event (non-ad buyer or agent
    # message) is an agent message or nothing; its answer is the first agent event after it.
    turns = []  # (owner, response or None, is_first_turn, conv)
    for cid, crow in convs.items():
        events = [r for r in crow if (r.sender == "buyer" and not r.is_ad) or r.sender == "agent"]
        n = 0
        for i, r in enumerate(events):
            if r.sender != "buyer" or (i > 0 and events[i - 1].sender == "buyer"):
                continue
            answer = next((e for e in events[i + 1:] if e.sender == "agent"), None)
            owner = answer.agent if answer else r.agent
            resp = (answer.sent_at - r.sent_at).total_seconds() if answer else None
            turns.append((owner, resp, n == 0, cid))
            n += 1
    ad_convs = {cid for cid, crow in convs.items()
                if any(r.sender == "buyer" for r in crow)
                and all(r.is_ad for r in crow if r.sender == "buyer")}

    def figures(agent):  # type: ignore[no-untyped-def]
        mine = (lambda a: a == agent) if agent else (lambda a: True)  # noqa: E731
        firsts = {}
        for r in rows:
            counts = r.sender == "buyer" and not r.is_ad and (
                (bool(r.agent) and mine(r.agent)) or (agent == "" and not r.agent))
            if counts and (r.buyer not in firsts or key(r) < key(firsts[r.buyer])):
                firsts[r.buyer] = r
        replied = sum(
            1 for b, f in firsts.items()
            if any(r.sender == "agent" and r.buyer == b and (not agent or r.agent == agent)
                   and key(r) > key(f) for r in rows)
        )
        ordered = sum(
            1 for b, f in firsts.items()
            if any(ob == b and start <= at < end and f.sent_at <= at <= f.sent_at + timedelta(hours=24)
                   for ob, at in orders)
        )
        my_turns = [t for t in turns if (not agent or t[0] == agent)]
        answered = [t[1] for t in my_turns if t[1] is not None]
        first = [t[1] for t in my_turns if t[1] is not None and t[2]]
        rated = sat = 0
        for cid, crow in convs.items():
            if cid in ad_convs or cid not in ratings:
                continue
            named = [r.agent for r in crow if r.agent and not (r.sender == "buyer" and r.is_ad)]
            if agent and (not named or named[-1] != agent):
                continue
            rated += 1
            sat += ratings[cid] >= 4
        ads = sum(1 for cid in ad_convs
                  if not agent or [r.agent for r in convs[cid] if r.sender == "buyer"][-1] == agent)
        c = len(firsts)
        return (c, replied, None if not c else replied / c,
                None if not answered else sum(answered) / len(answered),
                None if not first else sum(first) / len(first),
                sum(1 for t in my_turns if t[1] is None), ordered,
                None if not c else ordered / c, c - ordered, rated,
                None if not rated else sat / rated, ads)

    agents = sorted({r.agent for r in rows if r.agent})
    return {a: figures(a) for a in agents}, figures("")


def as_tuple(f):  # type: ignore[no-untyped-def]
    return (f.consulted, f.replied, f.reply_rate, f.avg_response_s, f.avg_first_response_s,
            f.unanswered_turns, f.ordered, f.conversion_rate, f.lost, f.rated,
            f.satisfaction_rate, f.ad_conversations)


def close(a, b):  # type: ignore[no-untyped-def]
    if a is None or b is None:
        return a is b
    return abs(a - b) < 1e-9


row = st.tuples(
    st.sampled_from(["c1", "c2", "c3"]),
    st.sampled_from(["buyer", "buyer", "agent", "auto", "system"]),
    st.sampled_from(["x", "y"]),
    st.sampled_from(["A", "B", "C"]),
    st.integers(0, 40),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(row, max_size=25),
    st.lists(st.tuples(st.sampled_from(["x", "y"]), st.integers(-5, 80)), max_size=4),
    st.dictionaries(st.sampled_from(["c1", "c2", "c3", "c9"]), st.integers(1, 5)),
    st.integers(0, 20),
    st.integers(1, 45),
)
def test_matches_reference(raw, raw_orders, ratings, lo, span):
    rows = []
    for seq, (cid, sender, buyer, agent, secs, ad) in enumerate(raw):
        rows.append(MsgRow(cid, sender, buyer, agent if sender != "system" or ad else "",
                           T0 + timedelta(hours=secs), ad and sender == "buyer", seq))
    orders = [(b, T0 + timedelta(hours=h)) for b, h in raw_orders]
    start = T0 + timedelta(hours=lo)
    end = start + timedelta(hours=span)
    want_agents, want_shop = reference(rows, orders, ratings, start, end)
    ordered_rows = sorted(rows, key=lambda r: (r.conversation_id, r.sent_at, r.seq))
    lines, shop = compute_report(ordered_rows, orders, ratings, start, end)
    assert [f.agent for f in lines] == list(want_agents)
    for f in lines:
        got, want = as_tuple(f), want_agents[f.agent]
        assert all(close(g, w) for g, w in zip(got, want, strict=True)), (f.agent, got, want)
    got = as_tuple(shop)
    assert all(close(g, w) for g, w in zip(got, want_shop, strict=True)), (got, want_shop)
