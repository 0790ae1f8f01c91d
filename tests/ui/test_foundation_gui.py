"""The login dialog, first-run set-up and main window, driven as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.services.accounts.credentials import CredentialStore
from app.services.container import Services
from app.ui.common.panel import PanelContext
from app.ui.shell.main_window import MainWindow
from app.ui.shell.sign_in import LoginDialog, SetupDialog
from tests.conftest import OWNER_PASSWORD, OWNER_PHONE


def _login(qtbot, dialog, login, password, remember=False):  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.login, login)
    qtbot.keyClicks(dialog.password, password)
    dialog.remember.setChecked(remember)
    qtbot.mouseClick(dialog.submit, Qt.MouseButton.LeftButton)


def test_wrong_password_shows_a_message_and_stays(qtbot, shop, runner) -> None:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(shop, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    _login(qtbot, dialog, OWNER_PHONE, "wrong-password-1")
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text() == "账号或密码错误。"
    assert dialog.actor is None


def test_sign_in_and_remember_me_uses_the_keyring(qtbot, shop, runner, keyring_backend) -> None:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(shop, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000):
        _login(qtbot, dialog, OWNER_PHONE, OWNER_PASSWORD, remember=True)
    assert dialog.actor.is_main
    stored = keyring_backend.items[("zhanggui", shop.db.display_url)]
    assert OWNER_PASSWORD in stored
    # Next time the dialog comes pre-filled from the keyring.
    again = LoginDialog(shop, runner)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.password.text() == OWNER_PASSWORD)
    assert again.remember.isChecked()


def test_without_a_keyring_the_dialog_says_so_and_still_signs_in(qtbot, db_url, runner) -> None:  # type: ignore[no-untyped-def]
    from keyring.backends import fail

    services = Services.open(db_url, CredentialStore(fail.Keyring()))
    services.shop.create("测试小店", OWNER_PHONE, OWNER_PASSWORD)
    dialog = LoginDialog(services, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.keyring_note.isVisible())
    assert not dialog.remember.isEnabled()
    assert "钥匙串不可用" in dialog.keyring_note.text()
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000):
        _login(qtbot, dialog, OWNER_PHONE, OWNER_PASSWORD)
    services.close()


def test_first_run_setup_validates_then_creates_the_shop(qtbot, services, runner) -> None:  # type: ignore[no-untyped-def]
    dialog = SetupDialog(services, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.shop.setText("青禾小铺")  # keyClicks only types ASCII
    qtbot.keyClicks(dialog.phone, "12345")
    qtbot.keyClicks(dialog.password, "Good-pass-1")
    qtbot.keyClicks(dialog.password2, "Good-pass-1")
    qtbot.mouseClick(dialog.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "手机号" in dialog.error.text()
    assert not services.shop.exists()
    dialog.phone.setText("13800138000")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.submit, Qt.MouseButton.LeftButton)
    assert services.shop.info().name == "青禾小铺"


def test_main_window_shows_account_database_and_home(qtbot, demo, runner) -> None:  # type: ignore[no-untyped-def]
    actor = demo.auth.owner_actor()
    window = MainWindow(PanelContext(demo, actor, runner))
    qtbot.addWidget(window)
    window.show()
    assert window.findChild(QLabel, "status.account").text() == f"当前账号：{actor.nick}（主账号）"
    database = window.findChild(QLabel, "status.database")
    assert database.text().startswith("数据库：") and database.toolTip() == demo.db.display_url
    home = window.panels["home"]
    assert home.objectName() == "panel.home"
    qtbot.waitUntil(lambda: home.tiles["active"].value.text() != "—")
    assert home.tiles["active"].value.text() == "9"  # the demo team's active sub-accounts
    assert window.rail.item(0).text() == "工作台"


def test_a_sub_account_sees_only_what_it_may(qtbot, demo, runner) -> None:  # type: ignore[no-untyped-def]
    from app.services.demo import DEMO_PASSWORD, DEMO_SHOP

    actor = demo.auth.sign_in(f"{DEMO_SHOP}:小美", DEMO_PASSWORD)  # 售前客服
    window = MainWindow(PanelContext(demo, actor, runner))
    qtbot.addWidget(window)
    keys = window.panel_keys()
    assert "home" in keys
    assert "subaccounts" not in keys and "roles" not in keys and "routing" not in keys
    assert "（子账号）" in window.findChild(QLabel, "status.account").text()


def test_session_ended_elsewhere_signs_the_window_out(qtbot, demo, runner) -> None:  # type: ignore[no-untyped-def]
    from app.models.accounts import SignInSession
    from app.models.base import utcnow
    from app.services.demo import DEMO_PASSWORD, DEMO_SHOP

    actor = demo.auth.sign_in(f"{DEMO_SHOP}:阿杰", DEMO_PASSWORD)
    window = MainWindow(PanelContext(demo, actor, runner))
    qtbot.addWidget(window)
    with demo.db.session() as s:
        s.get(SignInSession, actor.session_id).ended_at = utcnow()
    import app.ui.shell.main_window as mw

    shown = []
    mw.QMessageBox.information = lambda *a, **k: shown.append(a)  # type: ignore[method-assign]
    with qtbot.waitSignal(window.signed_out, timeout=10_000):
        window._check_session()
    assert shown
