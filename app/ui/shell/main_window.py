"""The main window in Qianniu's manner: a navigation rail, one panel per area, a status bar
with the signed-in account and the database in use."""

from __future__ import annotations

import importlib
from datetime import tzinfo

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.paths import resources_dir
from app.ui.common.changes import ChangeRelay
from app.ui.common.panel import Panel, PanelContext
from app.ui.shell.registry import PanelSpec, panel_class, visible_panels


def _security(module: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"app.ui.security.{module}")


DB_LABEL_PX = 360  # the database address in the status bar, at most (1024 px must hold it all)
SESSION_CHECK_MS = 2_000  # revocations and ended sessions reach the window within 2 s


class MainWindow(QMainWindow):
    signed_out = Signal()  # the user signed out, or the session was ended elsewhere

    def __init__(self, ctx: PanelContext | None = None) -> None:
        """Without a context the window paints its frame at once; `attach()` fills it in."""
        super().__init__()
        self.ctx: PanelContext | None = None
        self.setObjectName("main.window")
        self.setWindowTitle(self.tr("掌柜"))
        self.resize(1280, 800)
        self._specs: list[PanelSpec] = []
        self.panels: dict[str, Panel] = {}

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.rail = QListWidget()
        self.rail.setObjectName("nav.rail")
        self.rail.setAccessibleName(self.tr("导航"))
        self.rail.setIconSize(QSize(22, 22))
        self.rail.setFixedWidth(132)
        self.rail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.stack.setObjectName("main.stack")
        row.addWidget(self.rail)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.loading = QLabel(self.tr("正在打开店铺…"))
        self.loading.setObjectName("main.loading")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)
        self.statusBar().setObjectName("main.statusbar")
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: PanelContext) -> None:
        """Show the signed-in account's panels."""
        self.ctx = ctx
        # First: the GUI thread reads the polled grant from here on (no queries on it); it
        # also locks an idle console and asks for a new password after a one-time one. By
        # module path, as panels are: the shell does not tie UI areas to each other.
        self.guard = _security("guard").SessionGuard(self, ctx)
        self.setWindowTitle(self.tr("掌柜 — {shop}").format(shop=ctx.actor.nick.split(":")[0]))
        icons = resources_dir() / "icons"
        for number, spec in enumerate(visible_panels(ctx.actor), start=1):
            self._specs.append(spec)
            item = QListWidgetItem(QIcon(str(icons / spec.icon)), self.tr(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(self.tr(spec.title) + (f"  (Ctrl+{number})" if number < 10 else ""))
            self.rail.addItem(item)
            if number < 10:
                action = QAction(self)
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
                action.triggered.connect(lambda _=False, r=number - 1: self.rail.setCurrentRow(r))
                self.addAction(action)
        # Wide enough for the longest label in the current language (English runs longer).
        labels = [self.rail.item(i).text() for i in range(self.rail.count())]
        widest = max((self.rail.fontMetrics().horizontalAdvance(t) for t in labels), default=0)
        self.rail.setFixedWidth(max(132, widest + 22 + 60))
        self.rail.currentRowChanged.connect(self._select_row)

        self._build_status_bar()
        self._build_actions()
        # The shop's zone for the times every panel shows (one row, read off the GUI thread);
        # until it comes, this computer's zone.
        services = ctx.services
        ctx.runner.run(lambda: services.shop.info().tz, self._zone_loaded, lambda _exc: None)
        # Bound methods, not lambdas: Qt drops them with this window, so a runner that outlives
        # it (sign out, sign in again) never calls into a deleted widget.
        ctx.runner.error.connect(self._show_unhandled)
        self.changes = ChangeRelay(ctx.services.db.changes, self)
        self.changes.changed.connect(self._tell_panels)
        notifier = getattr(ctx.services, "notifier", None)
        if notifier is not None:  # other consoles' changes (PostgreSQL LISTEN/NOTIFY)
            notifier.listen()
        from app.ui.common import none_guard

        none_guard.install()  # PySide6 6.12 on Python 3.11 loses a reference to None per setText
        self._session_timer = QTimer(self)
        self._session_timer.setInterval(SESSION_CHECK_MS)
        self._session_timer.timeout.connect(self._check_session)
        self._session_timer.start()
        if self.rail.count():
            self.rail.setCurrentRow(0)

    # -- panels -------------------------------------------------------------------------
    def panel_keys(self) -> list[str]:
        return [s.key for s in self._specs]

    def show_panel(self, key: str) -> Panel:
        self.rail.setCurrentRow(self.panel_keys().index(key))
        return self.panels[key]

    def _select_row(self, row: int) -> None:
        if row < 0 or self.ctx is None:
            return
        spec = self._specs[row]
        key = spec.key
        panel = self.panels.get(key)
        if panel is None:
            panel = panel_class(spec)(self.ctx)
            panel.data_changed.connect(self._broadcast)
            self.panels[key] = panel
            self.stack.addWidget(panel)
            panel.refresh()
        self.stack.setCurrentWidget(panel)

    def _broadcast(self, what: object) -> None:
        """A panel changed something: tell the bus (other panels, other consoles)."""
        assert self.ctx is not None
        self._origin = self.sender()
        try:
            self.ctx.services.db.changes.publish(what if isinstance(what, (set, frozenset)) else {str(what)})
        finally:
            self._origin = None

    _origin: object = None

    def _zone_loaded(self, zone: tzinfo) -> None:
        assert self.ctx is not None
        self.ctx.shop_time.zone = zone
        for view in self.findChildren(QAbstractItemView):  # tables format their times as they draw
            view.viewport().update()

    def _tell_panels(self, changes: frozenset[str]) -> None:
        for panel in self.panels.values():
            if panel is not self._origin:  # the panel that made the change has refreshed
                panel.notify_changed(changes)

    # -- chrome -------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        assert self.ctx is not None
        bar = self.statusBar()
        template = self.tr("当前账号：{nick}（主账号）") if self.ctx.actor.is_main else self.tr("当前账号：{nick}（子账号）")
        self.account_label = QLabel(template.format(nick=self.ctx.actor.nick))
        self.account_label.setObjectName("status.account")
        url = self.ctx.services.db.display_url
        self.db_label = QLabel()
        self.db_label.setObjectName("status.database")
        # A long file path must not widen the window past a 1024 px screen: it is shortened
        # in the middle (the whole address is in its tooltip and under 帮助 → 关于). A label
        # that merely gave way was laid out past the window's edge once the workbench added
        # its status box.
        self.db_label.setText(self.db_label.fontMetrics().elidedText(
            self.tr("数据库：{url}").format(url=url), Qt.TextElideMode.ElideMiddle, DB_LABEL_PX))
        self.db_label.setToolTip(url)
        self.busy_label = QLabel("")
        self.busy_label.setObjectName("status.busy")
        bar.addWidget(self.account_label)
        bar.addWidget(self.busy_label)
        bar.addPermanentWidget(self.db_label)
        self.ctx.runner.busy_changed.connect(self._show_busy)

    def _show_busy(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("正在加载…") if busy else "")

    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu(self.tr("账号(&A)"))
        menu.setObjectName("menu.account")
        sign_out = QAction(self.tr("退出登录"), self)
        sign_out.setObjectName("action.sign_out")
        sign_out.triggered.connect(self.sign_out)
        quit_action = QAction(self.tr("退出掌柜"), self)
        quit_action.setObjectName("action.quit")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        mine = QAction(self.tr("我的账号（密码、登录）…"), self)
        mine.setObjectName("action.my_account")
        mine.triggered.connect(self.show_my_account)
        menu.addAction(mine)
        menu.addAction(sign_out)
        menu.addAction(quit_action)
        from app.ui.settings.menus import add_menus  # 设置 (owner) and 帮助

        add_menus(self)

    def sign_out(self) -> None:
        assert self.ctx is not None
        services, actor = self.ctx.services, self.ctx.actor
        self.ctx.runner.run(lambda: services.auth.sign_out(actor), lambda _r: self.signed_out.emit())

    def _check_session(self) -> None:
        self.guard.tick()

    def session_ended(self, reason: str) -> None:
        """The session was ended elsewhere (frozen, deleted, switched, ended by the owner)."""
        self._session_timer.stop()
        QMessageBox.information(self, self.tr("已退出登录"), reason)
        self.signed_out.emit()

    def drop_hidden_panels(self) -> None:
        """Panels the account may no longer open disappear (a revoked permission)."""
        assert self.ctx is not None
        allowed = {spec.key for spec in visible_panels(self.ctx.actor)}
        for row in reversed(range(len(self._specs))):
            key = self._specs[row].key
            if key in allowed:
                continue
            self._specs.pop(row)
            self.rail.takeItem(row)
            panel = self.panels.pop(key, None)
            if panel is not None:
                self.stack.removeWidget(panel)
                panel.deleteLater()

    def show_my_account(self) -> None:
        """Every account's own page: password, own sessions (and two-step for the owner)."""
        assert self.ctx is not None
        MyAccountWidget = _security("panel").MyAccountWidget  # noqa: N806 - a class
        dialog = QDialog(self)
        dialog.setObjectName("dialog.my_account")
        dialog.setWindowTitle(self.tr("我的账号"))
        dialog.resize(640, 420)
        layout = QVBoxLayout(dialog)
        page = MyAccountWidget(self.ctx, dialog)
        layout.addWidget(page)
        page.refresh()
        self.my_account = dialog
        dialog.open()

    def _show_unhandled(self, exc: Exception) -> None:
        current = self.stack.currentWidget()
        if isinstance(current, Panel):
            current.show_error(exc)
        else:
            QMessageBox.critical(self, self.tr("内部错误"), str(exc))

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.ctx is not None:
            self._session_timer.stop()
            self.guard.close()
            self.changes.close()
        super().closeEvent(event)
