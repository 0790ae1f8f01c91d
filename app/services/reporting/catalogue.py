"""One catalogue of the performance metrics: each figure the report, the exports, the CLI,
the monitoring table, its tiles and charts show is declared here once — key, Chinese label
(English from the translation catalogue), kind of number, tooltip and where METRICS.md
defines it. A new metric is added here and in the code that computes it; every screen and
export picks it up from this list.

`source` says which result holds the figure: "report" (`metrics.AgentFigures`, the §4
fields, the only ones in the §6 JSON) or "extras" (`extras.AgentExtras`, the monitoring
extras: 慢响应, 3分钟回复率, 答问比).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.i18n import _

Kind = Literal["count", "rate", "seconds", "ratio"]


def N_(text: str) -> str:  # noqa: N802 - marks a label for translation where it is shown
    return text


@dataclass(frozen=True)
class Metric:
    key: str
    label: str  # Chinese source text; `title()` gives it in the user's language
    kind: Kind  # count (whole number), rate (0..1, shown as %), seconds, ratio
    tooltip: str  # Chinese source text
    ref: str  # where the definition lives
    source: Literal["report", "extras"] = "report"

    def title(self, *, unit: bool = False) -> str:
        """The label in the user's language; with `unit`, seconds say so (export headings,
        whose cells hold bare numbers)."""
        text = _(self.label)
        return text + _("（秒）") if unit and self.kind == "seconds" else text

    def tip(self) -> str:
        return _(self.tooltip)

    @property
    def number_format(self) -> str:
        """The Excel number format of its cells."""
        return {"rate": "0.00%", "seconds": "0.0", "ratio": "0.00", "count": "0"}[self.kind]


# In the order the monitoring table and the exports show them; the §4 fields keep the
# order of METRICS.md §4 among themselves (the JSON order).
METRICS: tuple[Metric, ...] = (
    Metric("consulted", N_("咨询人数"), "count", N_("发过非广告消息的买家人数"), "METRICS.md §4 consulted"),
    Metric("replied", N_("回复人数"), "count", N_("咨询后得到人工回复的买家人数"), "METRICS.md §4 replied"),
    Metric("reply_rate", N_("回复率"), "rate", N_("回复人数 ÷ 咨询人数"), "METRICS.md §4 reply_rate"),
    Metric("avg_response_s", N_("平均响应时间"), "seconds",
           N_("已回复轮次从买家第一条消息到人工回复的平均秒数"), "METRICS.md §4 avg_response_s"),
    Metric("avg_first_response_s", N_("首次响应时间"), "seconds", N_("会话第一轮的平均响应时间"),
           "METRICS.md §4 avg_first_response_s"),
    Metric("unanswered_turns", N_("未回复轮次"), "count", N_("时间段内没有得到人工回复的轮次"),
           "METRICS.md §4 unanswered_turns"),
    Metric("slow_responses", N_("慢响应"), "count", N_("响应时间超过慢响应阈值的轮次"),
           "docs/metrics.md Monitoring extras", "extras"),
    Metric("quick_reply_rate", N_("3分钟回复率"), "rate", N_("3 分钟内得到人工回复的轮次 ÷ 全部轮次"),
           "docs/metrics.md Monitoring extras", "extras"),
    Metric("answer_ratio", N_("答问比"), "ratio", N_("客服消息数 ÷ 买家消息数（不含广告）"),
           "docs/metrics.md Monitoring extras", "extras"),
    Metric("ordered", N_("下单人数"), "count", N_("咨询后 24 小时内付款的买家人数"), "METRICS.md §4 ordered"),
    Metric("conversion_rate", N_("询单转化率"), "rate", N_("下单人数 ÷ 咨询人数"), "METRICS.md §4 conversion_rate"),
    Metric("lost", N_("询单流失人数"), "count", N_("咨询人数 − 下单人数"), "METRICS.md §4 lost"),
    Metric("rated", N_("评价数"), "count", N_("时间段内有消息、不是广告会话的会话所得评价"), "METRICS.md §4 rated"),
    Metric("satisfaction_rate", N_("满意率"), "rate", N_("（很满意 + 满意）÷ 评价数"),
           "METRICS.md §4 satisfaction_rate"),
    Metric("ad_conversations", N_("广告会话"), "count", N_("买家消息全部是广告的会话，不计入其他数字"),
           "METRICS.md §4 ad_conversations"),
)

BY_KEY: dict[str, Metric] = {m.key: m for m in METRICS}
REPORT_KEYS: tuple[str, ...] = tuple(m.key for m in METRICS if m.source == "report")  # §4 / §6
EXTRA_KEYS: tuple[str, ...] = tuple(m.key for m in METRICS if m.source == "extras")
# exports: the §4 fields first (the §6 order, as in the JSON), then the extras
EXPORTED: tuple[Metric, ...] = (*(BY_KEY[k] for k in REPORT_KEYS), *(BY_KEY[k] for k in EXTRA_KEYS))
AGENT_LABEL = N_("客服")
SHOP_LABEL = N_("全店")
