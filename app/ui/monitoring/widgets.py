"""Pieces of the monitoring panel: the performance table's model, the transcript view with
its ad flag actions, the drill-down and transcript dialogs, the import error list and the
import progress relay."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.models.vocabulary import Sender
from app.services.common.errors import UserError
from app.services.reporting.metrics import FIELDS
from app.ui.common.panel import PanelContext
from app.ui.common.table_model import Column, FilterProxy, RowTableModel, row_view, selected_row
from app.ui.monitoring import format as f

Index = QModelIndex | QPersistentModelIndex


# -- the performance table ------------------------------------------------------------------
@dataclass(frozen=True)
class PerfRow:
    """One line of the 客服绩效 table: the §4 figures plus the monitoring extras."""

    agent: str  # nick; "" for the shop line
    label: str  # what the first column shows
    is_shop: bool
    consulted: int
    replied: int
    reply_rate: float | None
    avg_response_s: float | None
    avg_first_response_s: float | None
    unanswered_turns: int
    ordered: int
    conversion_rate: float | None
    lost: int
    rated: int
    satisfaction_rate: float | None
    ad_conversations: int
    slow_responses: int | None
    quick_reply_rate: float | None
    answer_ratio: float | None


REPORT_FIELDS = FIELDS  # the §4 figures, in the report's order
_FORMATS: dict[str, Callable[[Any], str]] = {
    "count": f.count, "rate": f.pct, "seconds": f.seconds, "ratio": f.ratio,
}


def perf_columns() -> list[Column]:
    """The 客服绩效 table's columns: the agent, then every metric of the catalogue."""
    from app.services.reporting.catalogue import AGENT_LABEL, METRICS

    return [Column("label", _(AGENT_LABEL)),
            *(Column(m.key, m.title(), numeric=True, fmt=_FORMATS[m.kind]) for m in METRICS)]


def perf_tips() -> dict[str, str]:
    """Header tooltips: each metric's definition from the catalogue."""
    from app.services.reporting.catalogue import METRICS

    return {m.key: m.tip() for m in METRICS}


def perf_row(figures: Any, extras: Any, label: str, is_shop: bool) -> PerfRow:
    values = {name: getattr(figures, name) for name in REPORT_FIELDS}
    return PerfRow(
        agent="" if is_shop else figures.agent,
        label=label,
        is_shop=is_shop,
        slow_responses=extras.slow_responses if extras is not None else None,
        quick_reply_rate=extras.quick_reply_rate if extras is not None else None,
        answer_ratio=extras.answer_ratio if extras is not None else None,
        **values,
    )


class PerfModel(RowTableModel):
    """Rows of `PerfRow`; the shop line is bold; headers explain the less obvious figures."""

    def __init__(self, columns: Any, tips: dict[str, str] | None = None, parent: Any = None) -> None:
        super().__init__(columns, parent)
        self.tips = tips or {}

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802 - Qt API
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return self.tips.get(self.columns[section].key)
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid() and 0 <= index.row() < self.rowCount():
            if self.row_at(index.row()).is_shop:
                font = QFont()
                font.setBold(True)
                return font
            return None
        return super().data(index, role)


class ShopLastProxy(FilterProxy):
    """Sorts the agents; the shop line stays last whatever the order."""

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802 - Qt API
        model = self.sourceModel()
        if isinstance(model, RowTableModel):
            a, b = model.row_at(left.row()), model.row_at(right.row())
            if getattr(a, "is_shop", False) != getattr(b, "is_shop", False):
                ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
                return bool(b.is_shop if ascending else a.is_shop)
        return super().lessThan(left, right)


def make_table(name: str, model: RowTableModel, proxy: FilterProxy | None = None) -> tuple[QTableView, FilterProxy]:
    proxy = proxy or FilterProxy()
    proxy.setSourceModel(model)
    view = row_view(name, proxy, resize=QHeaderView.ResizeMode.Interactive)
    view.setSortingEnabled(True)
    # Keep the service's order until the user clicks a header.
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    proxy.sort(-1)
    return view, proxy


def _close_row(dialog: QDialog, name: str) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    button = QPushButton(dialog.tr("关闭"))
    button.setObjectName(name)
    button.setDefault(True)
    button.clicked.connect(dialog.reject)
    row.addWidget(button)
    return row


# -- transcripts ----------------------------------------------------------------------------
@dataclass(frozen=True)
class TranscriptLine:
    id: int
    sent_at: Any
    sender: str
    agent: str
    content: str
    is_ad: bool
    manual: bool
    verdict: str  # why it is (or is not) an ad


class TranscriptView(QWidget):
    """A conversation's messages with the ad verdict of each, and flag/unflag actions.

    Object names: `<name>` for the table, `<prefix>.flag_ad`, `<prefix>.unflag_ad`,
    `<prefix>.reset_ad` for the actions, `<prefix>.title` for the heading.
    """

    flagged = Signal(int)  # a message's ad flag changed

    def __init__(self, ctx: PanelContext, tz: tzinfo | None, name: str, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tz = tz
        self.conversation_id: int | None = None
        self.transcript: Any = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self.tr("选择一个会话查看聊天记录"))
        self.title.setObjectName(f"{prefix}.title")
        self.title.setProperty("role", "cardTitle")
        layout.addWidget(self.title)
        self.model = RowTableModel(
            [
                Column("sent_at", self.tr("时间"), fmt=lambda v: f.when(self.tz)(v)),
                Column("sender", self.tr("发送方"), fmt=f.sender),
                Column("agent", self.tr("客服")),
                Column("content", self.tr("内容"), tooltip=lambda r: r.content),
                Column("verdict", self.tr("广告判定"), tooltip=lambda r: r.verdict),
            ]
        )
        self.view, self.proxy = make_table(name, self.model)
        self.view.setSortingEnabled(False)
        self.proxy.sort(-1)
        self.view.setWordWrap(True)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        layout.addWidget(self.view, 1)
        actions = QHBoxLayout()
        self.flag_button = QPushButton(self.tr("标记为广告"))
        self.flag_button.setObjectName(f"{prefix}.flag_ad")
        self.flag_button.setToolTip(self.tr("把选中的买家消息标记为广告：它不再计入绩效"))
        self.unflag_button = QPushButton(self.tr("取消广告"))
        self.unflag_button.setObjectName(f"{prefix}.unflag_ad")
        self.unflag_button.setToolTip(self.tr("选中的消息不是广告：它计入绩效"))
        self.reset_button = QPushButton(self.tr("恢复自动判定"))
        self.reset_button.setObjectName(f"{prefix}.reset_ad")
        self.reset_button.setToolTip(self.tr("撤销人工判定，按广告过滤器的结果计算"))
        self.flag_button.clicked.connect(lambda: self._set_flag(True))
        self.unflag_button.clicked.connect(lambda: self._set_flag(False))
        self.reset_button.clicked.connect(lambda: self._set_flag(None))
        self.status = QLabel("")
        self.status.setProperty("role", "muted")
        actions.addWidget(self.flag_button)
        actions.addWidget(self.unflag_button)
        actions.addWidget(self.reset_button)
        actions.addStretch(1)
        actions.addWidget(self.status)
        layout.addLayout(actions)
        # Ad verdicts change the figures: only accounts that see the figures may set them.
        for button in (self.flag_button, self.unflag_button, self.reset_button):
            button.setVisible(ctx.actor.can("data.performance"))
        self._update_actions()

    # -- loading ------------------------------------------------------------------------
    def load(self, conversation_id: int | None) -> None:
        self.conversation_id = conversation_id
        if conversation_id is None:
            self.transcript = None
            self.model.set_rows([])
            self.title.setText(self.tr("选择一个会话查看聊天记录"))
            self._update_actions()
            return
        services, actor = self.ctx.services, self.ctx.actor
        self.ctx.runner.run(
            lambda: services.monitoring.transcript(actor, conversation_id), self._show, self._error
        )

    def _show(self, transcript: Any) -> None:
        if transcript.conversation_id != self.conversation_id:
            return  # an older request
        self.transcript = transcript
        self.title.setText(
            self.tr("会话 {id} · 买家 {buyer} · 评价 {rating}").format(
                id=transcript.external_id, buyer=transcript.buyer, rating=f.rating(transcript.rating)
            )
        )
        self.model.set_rows([self._line(m) for m in transcript.messages])
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(3, min(max(self.view.columnWidth(3), 200), 420))
        self._update_actions()

    def _line(self, m: Any) -> TranscriptLine:
        if m.manual and m.is_ad:
            verdict = self.tr("人工标记为广告")
        elif m.manual:
            verdict = self.tr("人工判定不是广告")
            if m.ad_auto:
                verdict += self.tr("（过滤器：{reason}）").format(reason=m.ad_reason or self.tr("广告"))
        elif m.is_ad:
            verdict = self.tr("过滤器：{reason}").format(reason=m.ad_reason or self.tr("广告"))
        else:
            verdict = ""
        return TranscriptLine(m.id, m.sent_at, m.sender, m.agent, m.content, m.is_ad, m.manual, verdict)

    def _error(self, exc: Exception) -> None:
        self.model.set_rows([])
        self.title.setText(str(exc) if isinstance(exc, UserError) else self.tr("无法读取聊天记录"))
        self._update_actions()

    # -- ad flags -----------------------------------------------------------------------
    def selected(self) -> TranscriptLine | None:
        row = selected_row(self.view)
        return row if isinstance(row, TranscriptLine) else None

    def select_message(self, message_id: int) -> bool:
        for i in range(self.proxy.rowCount()):
            if self.proxy.row_at(i).id == message_id:
                self.view.selectRow(i)
                return True
        return False

    def _update_actions(self, *_args: Any) -> None:
        line = self.selected()
        buyer = line is not None and line.sender == Sender.BUYER
        self.flag_button.setEnabled(buyer and line is not None and not line.is_ad)
        self.unflag_button.setEnabled(buyer and line is not None and line.is_ad)
        self.reset_button.setEnabled(buyer and line is not None and line.manual)

    def _set_flag(self, is_ad: bool | None) -> None:
        line = self.selected()
        conversation_id = self.conversation_id
        if line is None or conversation_id is None:
            return
        services, actor, message_id = self.ctx.services, self.ctx.actor, line.id

        def reloaded(transcript: Any) -> None:
            self._show(transcript)
            self.select_message(message_id)

        def done(_result: Any) -> None:
            self.status.setText(self.tr("已更新广告判定"))
            self.flagged.emit(message_id)
            if self.conversation_id != conversation_id:
                # Cleared or moved to another conversation while the flag was saved: reloading
                # would ask for no conversation (None) or redo the load already under way.
                return
            self.ctx.runner.run(
                lambda: services.monitoring.transcript(actor, conversation_id), reloaded, self._flag_error
            )

        self.ctx.runner.run(lambda: services.reports.set_ad_flag(actor, message_id, is_ad), done, self._flag_error)

    def _flag_error(self, exc: Exception) -> None:
        text = exc.message if isinstance(exc, UserError) else self.tr("出现了意外错误，操作没有完成：") + f"\n{exc}"
        QMessageBox.warning(self, self.tr("无法完成"), text)


class TranscriptDialog(QDialog):
    def __init__(self, ctx: PanelContext, tz: tzinfo | None, conversation_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcript.dialog")
        self.setWindowTitle(self.tr("聊天记录详情"))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        self.transcript = TranscriptView(ctx, tz, "transcript.view", "transcript", self)
        layout.addWidget(self.transcript, 1)
        layout.addLayout(_close_row(self, "transcript.close"))
        self.transcript.load(conversation_id)


# -- drill-down -----------------------------------------------------------------------------
class DrilldownDialog(QDialog):
    """The conversations behind an agent's (or the shop's) figures; double-click one for its
    transcript."""

    flagged = Signal(int)

    def __init__(
        self,
        ctx: PanelContext,
        tz: tzinfo | None,
        date_from: Any,
        date_to: Any,
        agent: str | None,
        parent: QWidget | None = None,
        show: str = "all",
    ) -> None:
        super().__init__(parent)
        self.ctx, self.tz = ctx, tz
        self.transcript_dialog: TranscriptDialog | None = None
        self.setObjectName("drilldown.dialog")
        who = agent if agent else self.tr("全店")
        self.setWindowTitle(self.tr("{who} 的会话").format(who=who))
        self.resize(980, 560)
        layout = QVBoxLayout(self)
        self.heading = QLabel(
            self.tr("{who} · {start} 至 {end}").format(who=who, start=date_from.isoformat(), end=date_to.isoformat())
        )
        self.heading.setObjectName("drilldown.heading")
        self.heading.setProperty("role", "cardTitle")
        filters = QHBoxLayout()
        self.filter = QComboBox()
        self.filter.setObjectName("drilldown.filter")
        for label, key in (
            (self.tr("全部会话"), "all"),
            (self.tr("有未回复的轮次"), "unanswered"),
            (self.tr("广告会话"), "ads"),
            (self.tr("有评价"), "rated"),
            (self.tr("评价一般或不满意"), "unhappy"),
        ):
            self.filter.addItem(label, key)
        self.search = QLineEdit()
        self.search.setObjectName("drilldown.search")
        self.search.setPlaceholderText(self.tr("筛选买家、客服或会话ID"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        filters.addWidget(self.heading, 1)
        filters.addWidget(self.filter)
        filters.addWidget(self.search)
        layout.addLayout(filters)
        self.model = RowTableModel(
            [
                Column("start", self.tr("开始时间"), fmt=f.when(tz)),
                Column("buyer", self.tr("买家")),
                Column("agent", self.tr("接待客服")),
                Column("messages", self.tr("消息数"), numeric=True),
                Column("turns", self.tr("轮次"), numeric=True),
                Column("first_response_s", self.tr("首次响应时间"), numeric=True, fmt=f.seconds),
                Column("answered", self.tr("已回复"), fmt=f.yes_no),
                Column("unanswered_turns", self.tr("未回复轮次"), numeric=True),
                Column("is_ad", self.tr("广告会话"), fmt=f.yes_no),
                Column("rating", self.tr("评价"), fmt=f.rating),
                Column("external_id", self.tr("会话ID")),
            ]
        )
        self.view, self.proxy = make_table("drilldown.table", self.model)
        self.filter.currentIndexChanged.connect(self._apply_filter)
        self.search.textChanged.connect(self.proxy.set_text)
        self.filter.setCurrentIndex(max(0, self.filter.findData(show)))
        self._apply_filter()
        self.view.setToolTip(self.tr("双击查看聊天记录"))
        self.view.activated.connect(self._open)  # double-click or Enter
        layout.addWidget(self.view, 1)
        self.summary = QLabel(self.tr("正在加载…"))
        self.summary.setObjectName("drilldown.summary")
        self.summary.setProperty("role", "muted")
        layout.addWidget(self.summary)
        layout.addLayout(_close_row(self, "drilldown.close"))
        services, actor = ctx.services, ctx.actor
        ctx.runner.run(
            lambda: services.monitoring.conversations(actor, date_from, date_to, agent), self._show, self._error
        )

    def _apply_filter(self, *_args: Any) -> None:
        predicates = {
            "unanswered": lambda r: r.unanswered_turns > 0,
            "ads": lambda r: r.is_ad,
            "rated": lambda r: r.rating is not None,
            "unhappy": lambda r: r.rating is not None and r.rating <= 3,
        }
        self.proxy.set_predicate(predicates.get(self.filter.currentData()))

    def _show(self, rows: list[Any]) -> None:
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        unanswered = sum(1 for r in rows if r.answered is False)
        self.summary.setText(
            self.tr("共 {n} 个会话，其中 {u} 个有未回复的轮次；双击一行查看聊天记录").format(n=len(rows), u=unanswered)
        )

    def _error(self, exc: Exception) -> None:
        self.summary.setText(str(exc) if isinstance(exc, UserError) else self.tr("无法读取会话"))

    def _open(self, index: QModelIndex) -> None:
        row = self.proxy.row_at(index.row())
        self.open_transcript(row.conversation_id)

    def open_transcript(self, conversation_id: int) -> TranscriptDialog:
        if self.transcript_dialog is not None:
            self.transcript_dialog.close()
        dialog = TranscriptDialog(self.ctx, self.tz, conversation_id, self)
        dialog.transcript.flagged.connect(self.flagged)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.transcript_dialog = dialog
        dialog.open()
        return dialog


# -- imports --------------------------------------------------------------------------------
class ImportErrorsDialog(QDialog):
    """Every bad line of a rejected import; nothing was written."""

    def __init__(self, message: str, details: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_errors.dialog")
        self.setWindowTitle(self.tr("导入失败"))
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        heading = QLabel(message)
        heading.setObjectName("import_errors.message")
        heading.setWordWrap(True)
        heading.setProperty("role", "error")
        layout.addWidget(heading)
        note = QLabel(
            self.tr("整个文件都没有导入。请修改下面的 {n} 处错误，再重新导入整个文件。").format(n=len(details))
        )
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.list = QListWidget()
        self.list.setObjectName("import_errors.list")
        self.list.setAlternatingRowColors(True)
        self.list.addItems(details)
        layout.addWidget(self.list, 1)
        layout.addLayout(_close_row(self, "import_errors.close"))

    def lines(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]


class Progress(QObject):
    """Relays an import's progress from the worker thread to the GUI thread.

    `callback` is handed to the service; it runs on the worker and emits `changed`, which
    Qt queues to this object's (the GUI) thread. Values are scaled to 0..1000 so files
    larger than 2 GB do not overflow a C++ int.
    """

    changed = Signal(int, int)

    def callback(self) -> Callable[[int, int], None]:
        def report(done: int, total: int) -> None:
            if total <= 0:
                self.changed.emit(0, 0)
            else:
                self.changed.emit(min(1000, int(done * 1000 / total)), 1000)

        return report
