"""接待中心: the reception workbench. An agent's conversations (unreplied first, each with a
live waiting timer), the transcript with the buyer's other recent conversations one click
away, a reply box with quick phrases, transfer with a note, close, ad marks, status, and the
slow-response reminder. The main account and supervisors (data.realtime) see every agent's
queue and can take a conversation over or reassign it.

Everything goes through `LiveService` on the runner (never on the GUI thread); a change on the
bus reloads the list, and a one-second timer only moves the waiting timers."""

from __future__ import annotations

import sys
from datetime import UTC, tzinfo

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.accounts.shop import ShopInfo
from app.services.live.phrases import PhraseRow
from app.services.live.reading import ConvRow, Transcript
from app.services.live.service import LiveSettings
from app.ui.common.panel import Panel, PanelContext
from app.ui.common.table_model import (
    FilterProxy,
    RowTableModel,
    popup_row_menu,
    row_view,
    select_row_where,
    selected_row,
)
from app.ui.common.widgets import push_button
from app.ui.reception.dialogs import PhraseDialog, SettingsDialog, TransferDialog
from app.ui.reception.models import ConversationModel, fmt_wait, phrase_model
from app.ui.reception.reply_box import ReplyBox
from app.ui.reception.simbar import SimulatorBar

TICK_MS = 1000
RELOAD_TICKS = 15  # a full reload at least this often (seconds), besides the change bus
IDLE_TICKS = 30  # close idle conversations this often (seconds)


def _table(name: str, model: RowTableModel) -> tuple[QTableView, FilterProxy]:
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    view = row_view(name, proxy)
    proxy.setParent(view)
    return view, proxy


class ReceptionPanel(Panel):
    key = "reception"
    watches = frozenset({"conversations", "presence", "routing", "settings", "accounts"})
    refresh_delay_ms = 250

    def __init__(self, ctx: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.live = ctx.services.live
        self.actor = ctx.actor
        self.supervisor = self.actor.can("data.realtime")
        self.settings = LiveSettings(30, 100)
        self.current: int | None = None  # the conversation the reply box answers
        self.transcript: Transcript | None = None
        self._ticks = 0
        self._is_demo = False
        self.tz: tzinfo = UTC  # the shop's zone, once loaded
        self._loading = False
        self._build()
        self._shortcuts()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    # -- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 8)
        outer.addLayout(self._build_toolbar())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("reception.splitter")
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._build_chat())
        splitter.addWidget(self._build_phrases())
        splitter.setSizes([250, 400, 200])
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)

    def _build_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        title = QLabel(self.tr("接待中心"))
        title.setProperty("role", "pageTitle")
        bar.addWidget(title)
        self.view_combo = QComboBox()
        self.view_combo.setObjectName("reception.view")
        self.view_combo.addItem(self.tr("我的会话"), None)
        if self.supervisor:
            self.view_combo.addItem(self.tr("全部会话"), 0)
            self.view_combo.setCurrentIndex(1)
        self.view_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.view_combo)
        self.reminder = QPushButton()
        self.reminder.setObjectName("reception.reminder")
        self.reminder.setProperty("danger", True)
        self.reminder.setToolTip(self.tr("跳到等待最久的买家"))
        self.reminder.clicked.connect(self.jump_to_longest_wait)
        self.reminder.hide()
        bar.addStretch(1)
        if self.actor.can("cs.routing"):
            self.sim_bar: SimulatorBar | None = SimulatorBar(self.ctx.services.simulator(self.actor))
            bar.addWidget(self.sim_bar)
            settings = QPushButton(self.tr("接待设置"))
            settings.setObjectName("reception.settings")
            settings.clicked.connect(self.edit_settings)
            bar.addWidget(settings)
        else:
            self.sim_bar = None
        return bar

    def _build_list(self) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setObjectName("reception.search")
        self.search.setPlaceholderText(self.tr("搜索买家或消息"))
        self.model = ConversationModel(self)
        self.table, self.proxy = _table("reception.conversations", self.model)
        self.search.textChanged.connect(self.proxy.set_text)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._select(cur.row()))
        col.addWidget(self.reminder)
        col.addWidget(self.search)
        col.addWidget(self.table, 1)
        if self.supervisor:
            row = QHBoxLayout()
            self.take_button = QPushButton(self.tr("接手"))
            self.take_button.setObjectName("reception.take_over")
            self.take_button.setToolTip(self.tr("把这个会话转给自己"))
            self.take_button.clicked.connect(self.take_over)
            self.reassign_button = QPushButton(self.tr("改派…"))
            self.reassign_button.setObjectName("reception.reassign")
            self.reassign_button.clicked.connect(self.transfer)
            row.addWidget(self.take_button)
            row.addWidget(self.reassign_button)
            col.addLayout(row)
        return box

    def _build_chat(self) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.header = QLabel(self.tr("选择左侧的会话开始接待"))
        self.header.setObjectName("reception.header")
        self.header.setWordWrap(True)
        self.history = QComboBox()
        self.history.setObjectName("reception.history")
        self.history.setToolTip(self.tr("这位买家最近的其他会话"))
        self.history.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.history.setMinimumContentsLength(9)
        self.history.activated.connect(self._history_chosen)
        head.addWidget(self.header, 1)
        head.addWidget(self.history)
        col.addLayout(head)
        self.note = QLabel()
        self.note.setObjectName("reception.transfer_note_banner")
        self.note.setWordWrap(True)
        self.note.setProperty("role", "muted")
        self.note.hide()
        col.addWidget(self.note)
        self.messages = QListWidget()
        self.messages.setObjectName("reception.transcript")
        self.messages.setWordWrap(True)
        self.messages.setAlternatingRowColors(True)
        col.addWidget(self.messages, 1)
        self.reply = ReplyBox()
        self.reply.setPlaceholderText(self.tr("输入回复，Enter 发送，Shift+Enter 换行，/ 加编码调出快捷短语"))
        self.reply.setFixedHeight(72)
        self.reply.send_requested.connect(self.send)
        self.reply.slash.connect(self._slash)
        self.reply.to_phrases.connect(lambda: self.phrase_table.setFocus())
        col.addWidget(self.reply)
        buttons = QHBoxLayout()
        self.ad_button = push_button(self.tr("标记广告"), "reception.mark_ad", self.toggle_ad,
                                     self.tr("把选中的买家消息标记为广告，或取消标记"))
        self.transfer_button = push_button(self.tr("转接"), "reception.transfer", self.transfer,
                                           self.tr("转接给其他客服或分组，附备注（Ctrl+T）"))
        self.close_button = push_button(self.tr("结束"), "reception.close", self.close_conversation,
                                        self.tr("结束会话（Ctrl+W）；Ctrl+↑/↓ 切换会话"))
        self.send_button = push_button(self.tr("发送"), "reception.send", self.send,
                                       self.tr("Enter 发送，Shift+Enter 换行"))
        self.send_button.setProperty("accent", True)
        for b in (self.ad_button, self.transfer_button, self.close_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        col.addLayout(buttons)
        return box

    def _build_phrases(self) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("快捷短语"))
        label.setProperty("role", "cardTitle")
        self.phrase_search = QLineEdit()
        self.phrase_search.setObjectName("reception.phrase_search")
        self.phrase_search.setPlaceholderText(self.tr("搜索编码、分组或内容"))
        self.phrases = phrase_model(self)
        self.phrase_table, self.phrase_proxy = _table("reception.phrases", self.phrases)
        self.phrase_search.textChanged.connect(lambda t: self.phrase_proxy.set_text(t.lstrip("/")))
        self.phrase_table.doubleClicked.connect(lambda _i: self.use_phrase())
        self.phrase_table.activated.connect(lambda _i: self.use_phrase())
        add = push_button(self.tr("新建短语"), "reception.phrase_add", self.add_phrase)
        self.phrase_edit_button = push_button(self.tr("编辑"), "reception.phrase_edit", self.edit_phrase,
                                              self.tr("编辑选中的短语（F2）"))
        self.phrase_delete_button = push_button(self.tr("删除"), "reception.phrase_delete", self.delete_phrase,
                                                self.tr("删除选中的短语（Delete）"))
        buttons = QHBoxLayout()
        for button in (add, self.phrase_edit_button, self.phrase_delete_button):
            buttons.addWidget(button)
        col.addWidget(label)
        col.addWidget(self.phrase_search)
        col.addWidget(self.phrase_table, 1)
        col.addLayout(buttons)
        self._phrase_actions()
        return box

    def _phrase_actions(self) -> None:
        """新建/编辑/删除 as actions on the phrase table: its context menu, and F2 / Delete
        while the table has the focus."""
        table = self.phrase_table
        self.phrase_actions: dict[str, QAction] = {}
        for name, text, key, slot in (
            ("phrase_add", self.tr("新建短语…"), None, self.add_phrase),
            ("phrase_edit", self.tr("编辑短语…"), Qt.Key.Key_F2, self.edit_phrase),
            ("phrase_delete", self.tr("删除短语"), Qt.Key.Key_Delete, self.delete_phrase),
        ):
            action = QAction(text, table)
            action.setObjectName(f"reception.action.{name}")
            if key is not None:
                action.setShortcut(QKeySequence(key))
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            table.addAction(action)
            self.phrase_actions[name] = action
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._phrase_menu)
        table.selectionModel().selectionChanged.connect(self._update_phrase_actions)
        for signal in (self.phrase_proxy.modelReset, self.phrase_proxy.layoutChanged, self.phrase_proxy.rowsRemoved):
            signal.connect(self._update_phrase_actions)
        self._update_phrase_actions()

    def _update_phrase_actions(self) -> None:
        chosen = self._selected_phrase() is not None
        for widget in (self.phrase_edit_button, self.phrase_delete_button, self.phrase_actions["phrase_edit"],
                       self.phrase_actions["phrase_delete"]):
            widget.setEnabled(chosen)

    def _phrase_menu(self, pos: QPoint) -> None:
        popup_row_menu(self.phrase_table, pos, self.build_phrase_menu)

    def build_phrase_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("reception.phrase_menu")
        for name in ("phrase_add", "phrase_edit", "phrase_delete"):
            action = self.phrase_actions[name]
            if action.isEnabled():
                menu.addAction(action)
        return menu

    def _shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot, name in (
            ("Ctrl+T", self.transfer, "transfer"), ("Ctrl+W", self.close_conversation, "close"),
            ("Ctrl+Up", lambda: self.step(-1), "previous"), ("Ctrl+Down", lambda: self.step(1), "next"),
            ("Ctrl+F", self.search.setFocus, "search"), ("Ctrl+/", self.phrase_search.setFocus, "phrases"),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setObjectName(f"reception.shortcut_{name}")
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    # -- status in the window's status bar ----------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        window = self.window()
        if isinstance(window, QMainWindow) and window.findChild(QComboBox, "reception.status") is None:
            from app.ui.reception.status import StatusSelector

            window.statusBar().addPermanentWidget(StatusSelector(self.ctx, self.data_changed))

    def _demo_autostart(self) -> bool:
        """The demo shop runs its simulator once the workbench is open, except while taking
        screenshots (they stay the same from run to run)."""
        return "--screenshots" not in sys.argv and "pytest" not in sys.modules  # tests drive it themselves

    def _start_demo_traffic(self) -> None:
        if self.sim_bar is not None and not self.sim_bar.sim.running and self.isVisible():
            self.sim_bar.sim.start()
            self.sim_bar._show()

    # -- loading ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self._loading:
            return
        self._loading = True
        live, actor, agent = self.live, self.actor, self.view_combo.currentData()
        services = self.ctx.services

        def load():  # type: ignore[no-untyped-def]
            live.tick(actor)  # conversations idle past the timeout close first
            rows = live.my_conversations(actor, agent)
            phrases = live.phrases(actor)
            return rows, phrases, live.settings(actor), services.shop.info()

        self.ctx.runner.run(load, self._loaded, self._failed)

    def _failed(self, exc: Exception) -> None:
        self._loading = False
        self.show_error(exc)

    def _loaded(self, result: tuple[list[ConvRow], list, LiveSettings, ShopInfo]) -> None:  # type: ignore[type-arg]
        self._loading = False
        rows, phrases, settings, info = result
        if info.is_demo and not self._is_demo and self.sim_bar is not None and self._demo_autostart():
            QTimer.singleShot(2000, self._start_demo_traffic)  # once, the first time the demo loads
        self._is_demo = info.is_demo
        self.tz = info.tz
        self.settings = settings
        self.model.slow_s = float(settings.slow_response_s)
        self.model.now = self.ctx.services.db.clock.now()
        keep = self.current
        self.model.set_rows(rows)
        kept_phrase = self._selected_phrase()
        self.phrases.set_rows(phrases)
        if kept_phrase is not None:
            self._select_phrase(kept_phrase.id)
        self._update_reminder()
        if keep is not None and any(r.id == keep for r in rows):
            self._select_id(keep)
        elif rows and self.current is None:
            self._select_id(rows[0].id)
        elif keep is not None:
            self.current = None
            self._show_transcript(None)

    def _tick(self) -> None:
        if not self.isVisible():
            return
        self._ticks += 1
        self.model.set_now(self.ctx.services.db.clock.now())
        self._update_reminder()
        if self._ticks % RELOAD_TICKS == 0:
            self.refresh()
        if self._ticks % IDLE_TICKS == 0:
            live, actor = self.live, self.actor
            self.ctx.runner.run(lambda: live.tick(actor), lambda _r: None, lambda _e: None)

    def _update_reminder(self) -> None:
        slow = self.model.slow_rows()
        if slow:
            longest = self.model.wait_s(self.model.row_at(slow[0]))
            self.reminder.setText(self.tr("{n} 位买家等待超过 {s} 秒，最长 {w}").format(
                n=len(slow), s=self.settings.slow_response_s, w=fmt_wait(longest)))
        self.reminder.setVisible(bool(slow))

    # -- selection ------------------------------------------------------------------------------------
    def _select_id(self, conv_id: int) -> None:
        select_row_where(self.table, lambda row: row.id == conv_id)

    def _select(self, proxy_row: int) -> None:
        if proxy_row < 0:
            return
        row = self.model.row_at(self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row())
        changed = row.id != self.current
        self.current = row.id
        self._load_transcript(row.id, reset_history=changed)

    def step(self, step: int) -> None:
        """Ctrl+↑ / Ctrl+↓: the previous or next conversation."""
        count = self.proxy.rowCount()
        if not count:
            return
        row = self.table.currentIndex().row()
        target = max(0, min(count - 1, (row if row >= 0 else -step) + step))
        self.table.selectRow(target)
        self.reply.setFocus()

    def jump_to_longest_wait(self) -> None:
        slow = self.model.slow_rows()
        if slow:
            self._select_id(self.model.row_at(slow[0]).id)
            self.reply.setFocus()

    def _load_transcript(self, conv_id: int, reset_history: bool = True) -> None:
        live, actor = self.live, self.actor
        self.ctx.runner.run(lambda: live.transcript(actor, conv_id),
                            lambda t: self._show_transcript(t, reset_history), self.show_error)

    def _show_transcript(self, t: Transcript | None, reset_history: bool = True) -> None:
        self.messages.clear()
        if t is None:
            self.transcript = None
            self.header.setText(self.tr("选择左侧的会话开始接待"))
            self.note.hide()
            self.history.clear()
            return
        c = t.conversation
        live_one = c.id == self.current
        if live_one:
            self.transcript = t
        parts = [c.buyer, c.agent or self.tr("排队中")]
        if c.entry_page:
            parts.append(c.entry_page)
        if not live_one:
            parts.append(self.tr("（历史会话，只读）"))
        self.header.setText(" · ".join(parts))
        for m in t.messages:
            who = self._sender_name(m.sender)
            if m.sender == "agent" and m.agent:
                who = m.agent
            stamp = m.sent_at.astimezone(self.tz).strftime("%H:%M:%S")
            text = f"[{stamp}] {who}：{m.content}"
            if m.is_ad:
                text += "  " + self.tr("【广告】")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, m)
            self.messages.addItem(item)
        self.messages.scrollToBottom()
        notes = [self.tr("转接备注（{src} → {dst}）：{note}").format(src=x.from_agent or "-", dst=x.to_agent or "-",
                                                                note=x.note) for x in t.transfers if x.note]
        self.note.setText(notes[-1] if notes else "")
        self.note.setVisible(bool(notes))
        if reset_history and live_one:
            self.history.clear()
            self.history.addItem(self.tr("当前会话"), c.id)
            for p in t.others:
                self.history.addItem(self.tr("{at} · {agent} · {n} 条").format(
                    at=p.created_at.astimezone(self.tz).strftime("%m-%d %H:%M"), agent=p.agent or "-", n=p.messages),
                    p.id)
            self.history.setEnabled(bool(t.others))
        self._enable(live_one)

    def _sender_name(self, sender: str) -> str:
        names = {"buyer": self.tr("买家"), "agent": self.tr("客服"), "auto": self.tr("自动回复"), "system": self.tr("系统")}
        return names.get(sender, sender)

    def _enable(self, live_one: bool) -> None:
        for w in (self.reply, self.send_button, self.transfer_button, self.close_button):
            w.setEnabled(live_one)

    def _history_chosen(self, index: int) -> None:
        conv_id = self.history.itemData(index)
        if conv_id is not None:
            self._load_transcript(int(conv_id), reset_history=False)

    # -- actions -------------------------------------------------------------------------------------
    def _after(self, _result: object = None) -> None:
        self.data_changed.emit({"conversations"})
        self.refresh()

    def send(self) -> None:
        text = self.reply.toPlainText().strip()
        if self.current is None or not text:
            return
        if self.reply.shortcut_code() is not None:
            self.use_phrase(first=True)
            return
        live, actor, conv = self.live, self.actor, self.current
        self.reply.clear()

        def done(_r: object) -> None:
            self._load_transcript(conv, reset_history=False)
            self._after()

        def failed(exc: Exception) -> None:
            if not self.reply.toPlainText():
                self.reply.setPlainText(text)
            self.show_error(exc)

        self.ctx.runner.run(lambda: live.reply(actor, conv, text), done, failed)

    def _slash(self, code: str) -> None:
        if self.reply.shortcut_code() is not None:
            self.phrase_search.setText("/" + code)
        elif self.phrase_search.text().startswith("/"):
            self.phrase_search.clear()

    def use_phrase(self, first: bool = False) -> None:
        """Put the chosen quick phrase, variables filled, into the reply box."""
        index = self.phrase_table.currentIndex()
        if first or not index.isValid():
            index = self.phrase_proxy.index(0, 0)
        if not index.isValid():
            return
        row = self.phrases.row_at(self.phrase_proxy.mapToSource(index).row())
        live, actor, conv = self.live, self.actor, self.current

        def filled(text: str) -> None:
            self.reply.setPlainText(text)
            self.phrase_search.clear()
            self.reply.setFocus()
            self.reply.moveCursor(self.reply.textCursor().MoveOperation.End)

        self.ctx.runner.run(lambda: live.use_phrase(actor, row.id, conv), filled, self.show_error)

    def _selected_phrase(self) -> PhraseRow | None:
        row: PhraseRow | None = selected_row(self.phrase_table)
        return row

    def _select_phrase(self, phrase_id: int) -> None:
        select_row_where(self.phrase_table, lambda row: row.id == phrase_id)

    def _phrases_changed(self, _result: object = None) -> None:
        self.refresh()

    def _phrase_failed(self, exc: Exception) -> None:
        self.show_error(exc)
        self.refresh()  # e.g. deleted meanwhile at another console: the list catches up

    def add_phrase(self) -> None:
        dialog = PhraseDialog(None, self.actor.can("cs.routing"), self)
        if dialog.exec() != PhraseDialog.DialogCode.Accepted:
            return
        live, actor = self.live, self.actor
        shared = dialog.shared.isChecked()
        category, code, content = dialog.category.text(), dialog.code.text(), dialog.content.toPlainText()
        self.ctx.runner.run(lambda: live.save_phrase(actor, personal=not shared, category=category, code=code,
                                                     content=content), self._phrases_changed, self.show_error)

    def edit_phrase(self) -> None:
        """F2 / 编辑: the phrase's group, code and text; shared or personal stays as it is."""
        row = self._selected_phrase()
        if row is None:
            return
        dialog = PhraseDialog(row, self.actor.can("cs.routing"), self)
        if dialog.exec() != PhraseDialog.DialogCode.Accepted:
            return
        live, actor = self.live, self.actor
        category, code, content = dialog.category.text(), dialog.code.text(), dialog.content.toPlainText()
        self.ctx.runner.run(lambda: live.save_phrase(actor, row.id, personal=row.personal, category=category,
                                                     code=code, content=content),
                            self._phrases_changed, self._phrase_failed)

    def delete_phrase(self) -> None:
        """Delete / 删除, after a confirmation naming the phrase."""
        row = self._selected_phrase()
        if row is None:
            return
        name = "/" + row.code if row.code else row.content[:12] + ("…" if len(row.content) > 12 else "")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("删除快捷短语"),
                          self.tr("删除快捷短语“{name}”？删除后不能恢复。").format(name=name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("reception.phrase_delete_confirm")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        live, actor = self.live, self.actor
        self.ctx.runner.run(lambda: live.delete_phrase(actor, row.id), self._phrases_changed, self._phrase_failed)

    def transfer(self) -> None:
        """Ctrl+T: to an agent or a group, with a note the receiver sees (also 改派)."""
        conv = self._chosen()
        if conv is None:
            return
        live, actor = self.live, self.actor
        self.ctx.runner.run(lambda: live.transfer_targets(actor), lambda targets: self._ask_transfer(conv, targets),
                            self.show_error)

    def _ask_transfer(self, conv: int, targets: list[tuple[str, str, bool]]) -> None:
        dialog = TransferDialog(targets, self)
        if dialog.exec() != TransferDialog.DialogCode.Accepted:
            return
        to, note = dialog.choice()
        if not to:
            return
        live, actor = self.live, self.actor
        self.ctx.runner.run(lambda: live.transfer(actor, conv, to, note), self._after, self.show_error)

    def _chosen(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return self.current
        return int(self.model.row_at(self.proxy.mapToSource(index).row()).id)

    def close_conversation(self) -> None:
        conv = self._chosen()
        if conv is None:
            return
        live, actor = self.live, self.actor
        self.ctx.runner.run(lambda: live.close(actor, conv), self._after, self.show_error)

    def take_over(self) -> None:
        conv = self._chosen()
        if conv is None:
            return
        live, actor = self.live, self.actor
        self.ctx.runner.run(lambda: live.take_over(actor, conv), self._after, self.show_error)

    def toggle_ad(self) -> None:
        item = self.messages.currentItem()
        message = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if message is None or message.sender != "buyer":
            return
        live, actor, conv = self.live, self.actor, self.current
        flag = not message.is_ad

        def done(_r: object) -> None:
            if conv is not None:
                self._load_transcript(conv, reset_history=False)

        self.ctx.runner.run(lambda: live.mark_ad(actor, message.id, flag), done, self.show_error)

    def edit_settings(self) -> None:
        live, actor = self.live, self.actor
        self.ctx.runner.run(lambda: (live.settings(actor), live.auto_replies(actor)),
                            lambda r: self._ask_settings(*r), self.show_error)

    def _ask_settings(self, settings: LiveSettings, replies: list) -> None:  # type: ignore[type-arg]
        dialog = SettingsDialog(settings, replies, self)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        live, actor = self.live, self.actor
        timeout, slow, rows = dialog.timeout.value(), dialog.slow.value(), dialog.replies()

        def save() -> None:
            live.update_settings(actor, session_timeout_min=timeout, slow_response_s=slow)
            live.set_auto_replies(actor, rows)

        self.ctx.runner.run(save, lambda _r: self.refresh(), self.show_error)
