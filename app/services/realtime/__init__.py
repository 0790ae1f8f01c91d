"""Live figures (实时数据): METRICS.md §5 at an instant, for `zhanggui realtime`, the live
dashboard and the home panel — one service call feeds all three.

- `service.RealtimeService.snapshot(actor, at=None)` → `figures.Snapshot`: open
  conversations (not closed, last message less than the session timeout before `at`),
  unreplied buyers and the longest wait (§4 turns over the whole conversation, ads ignored),
  online and suspended agents, the queue, today's average response time (the shop line's §4
  `avg_response_s` over [today 00:00 shop time, `at`)), the shop light, and one row per
  sub-account that takes routed conversations; plus what the dashboard shows (groups, who
  waits and why, today's answered turns per agent). An `at` before the newest stored live
  event is refused (`ValidationError`, exit 2 in the CLI).
- `service.RealtimeService.timeline(actor)` → the dashboard's charts.
- `home.home_summary(services, actor)` → the 工作台's live tiles and the owner's to-dos.

Cost: the snapshot reads the messages and routing decisions written since the previous
snapshot, the conversations they touched, one aggregate over the conversations not closed
(which notices closes) and the small account/presence/group tables; today's figures are kept
up to date incrementally (`cache.LiveCache`) with the same §4 turn code the report uses
(`app.services.reporting.metrics.conversation_turns`), and the per-buyer, per-agent and
per-group sums over the open conversations too (`sums.LiveSums`). So a snapshot's Python work
is what changed since the last one; only a few C-level passes (the aggregate in the
database, copying the waiting list, the earliest wait) still grow with what is open. Readings of §5 are in docs/metrics.md ("Live
figures").
"""

from app.services.realtime.figures import AgentLive, GroupLive, Snapshot, Timeline, Waiting

__all__ = ["AgentLive", "GroupLive", "Snapshot", "Timeline", "Waiting"]
