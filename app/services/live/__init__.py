"""The live shop (issue 11): conversations that flow.

One service owns a conversation's whole life, whoever drives it — `zhanggui ingest`
(METRICS.md §7), the simulator, or an agent in the reception workbench — because all of
them build the same `LiveEvent`s and call the same `LiveService.apply(actor, event)`:

- a buyer message opens a conversation (routing assigns it, queues it or hands it to the
  proxy account) or continues the buyer's open one;
- auto-replies follow rules (`autoreplies`: welcome, queued; the offline reply is routing's);
- agents reply, transfer (to an agent or a group, with a note the receiver sees) and close;
- a conversation idle for the shop's session timeout closes by itself at
  `last message + timeout`, checked before every event; every close drains the queue;
- presence 在线 / 挂起 / 离线 drives routing; going offline re-routes the agent's conversations.
  隐身 (invisible) is not supported: an agent who should take nothing is 挂起 or 离线.

Each event runs in one routing transaction (`RoutingService.transaction`), every message
goes through `conversations.writer`, and the state lives in `conversations` (status, agent,
group, queued_at, assigned_at, last_message_at, closed_at) for routing, reports and the live
figures to read. Time comes from the events (`at`) or `db.clock`. Modules: `events` (parse
§7), `apply` (one event in a transaction), `service` (LiveService), `reading` (workbench
rows), `phrases` (快捷短语), `autoreplies`, `ingest` (the stream), `simulator` (traffic).
"""
