"""Every dialog of the sub-accounts panel can be walked with Tab and Shift+Tab: focus never
sticks on one widget (the empty 入职日期 used to hold it), and the chain reaches the fields
and buttons a user needs."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.services.accounts.subaccounts import HandoverCandidate
from app.ui.accounts.subaccount_dialogs import (
    HandoverDialog,
    ImportDialog,
    PasswordDialog,
    SubAccountEditor,
    VerifyDialog,
)
from tests.services.test_subaccounts_service import make_sub


def walk(qtbot: Any, dialog: QWidget, key: Qt.Key = Qt.Key.Key_Tab, limit: int = 60) -> list[str]:
    """Object names focused by pressing `key` from the first field until focus comes back."""
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    first = dialog.focusWidget() or dialog
    first.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    visited: list[QWidget] = [QApplication.focusWidget()]
    seen: list[str] = []
    for _ in range(limit):
        current = QApplication.focusWidget()
        qtbot.keyClick(current, key)
        after = QApplication.focusWidget()
        assert after is not current, f"focus stuck on {current.objectName() or type(current).__name__}"
        if after in visited:  # the chain closed: every widget on it was reached
            return seen
        visited.append(after)
        seen.append(after.objectName() or type(after).__name__)
    raise AssertionError(f"no way back to the start after {limit} presses: {seen}")


@pytest.fixture
def editor_parts(shop, owner):  # type: ignore[no-untyped-def]
    roles = shop.roles.list_roles(owner)
    row = make_sub(shop, owner, "小美", phone="13912345678")
    return roles, row


@pytest.mark.parametrize("key", [Qt.Key.Key_Tab, Qt.Key.Key_Backtab])
def test_new_sub_account_editor_reaches_phone_role_password_and_save(qtbot, runner, owner, editor_parts, key) -> None:  # type: ignore[no-untyped-def]
    roles, _row = editor_parts
    dialog = SubAccountEditor(runner, owner, "测试小店", roles, [], lambda *a: None)
    qtbot.addWidget(dialog)
    dialog.nick.setFocus()
    chain = walk(qtbot, dialog, key)
    for name in ("subaccount_editor.hired_on", "subaccount_editor.phone", "subaccount_editor.role",
                 "subaccount_editor.password", "subaccount_editor.password2", "subaccount_editor.save"):
        assert name in chain, (name, chain)


def test_edit_verify_password_handover_import_dialogs_walk(qtbot, runner, owner, editor_parts) -> None:  # type: ignore[no-untyped-def]
    from app.services.accounts.subaccount_types import ImportPreview

    roles, row = editor_parts
    dialogs = [
        (SubAccountEditor(runner, owner, "测试小店", roles, [row], lambda *a: None, row), "subaccount_editor.save"),
        (VerifyDialog(runner, row, lambda *a: None), "subaccount_verify.ok"),
        (PasswordDialog(runner, row, lambda *a: None), "subaccount_password.ok"),
        (HandoverDialog(runner, row, [HandoverCandidate(9, "测试小店:阿杰", "", "售前")], lambda *a: None,
                        delete=False, can_penalise=True), "subaccount_handover.ok"),
        (ImportDialog(runner, ImportPreview((), ("第 2 行：手机号格式不正确",)), lambda: 0), "subaccount_import.cancel"),
    ]
    for dialog, must_reach in dialogs:
        qtbot.addWidget(dialog)
        chain = walk(qtbot, dialog)
        assert must_reach in chain, (must_reach, chain)
        dialog.close()


@pytest.mark.parametrize("key", ["monitoring", "subaccounts", "roles", "routing"])
def test_tab_leaves_every_table_of_the_panel(qtbot, demo, runner, key: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractItemView

    from app.ui.common.panel import PanelContext
    from app.ui.shell.main_window import MainWindow
    from tests.qtutil import idle

    window = MainWindow(PanelContext(demo, demo.auth.owner_actor(), runner))
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    panel = window.show_panel(key)
    idle(qtbot, runner)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    views = [v for v in panel.findChildren(QAbstractItemView)
             if v.isVisible() and v.isEnabled() and v.focusPolicy() != Qt.FocusPolicy.NoFocus]
    assert views
    for view in views:
        assert not view.tabKeyNavigation(), view.objectName()
        view.setFocus()
        QApplication.processEvents()
        assert QApplication.focusWidget() is view, (QApplication.focusWidget(), QApplication.activeModalWidget(),
                                                    QApplication.activeWindow())
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is not view, f"Tab stayed in {view.objectName()}"
