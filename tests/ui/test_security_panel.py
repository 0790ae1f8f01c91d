"""The security panel (安全设置) driven as the owner; its absence for a sub-account without
`security.manage`; the window following revocations, the idle lock and one-time passwords."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from app.services.accounts.credentials import CredentialStore
from app.services.common.clock import ManualClock, SystemClock
from app.services.common.errors import AuthError
from app.services.container import Services
from app.services.security.errors import SessionLocked
from app.ui.common.panel import PanelContext
from app.ui.shell.main_window import MainWindow
from tests.conftest import OWNER_PASSWORD, OWNER_PHONE
from tests.qtutil import idle
from tests.services.test_subaccounts_service import make_sub

STAFF_PHONE = "13912345678"
STAFF_PW = "Staff-pass1"


def _window(qtbot, services, actor, runner) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(PanelContext(services, actor, runner))
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    idle(qtbot, runner)
    return window


def _in_worker(qtbot, runner, job):  # type: ignore[no-untyped-def]
    """Run `job` as services run under the window (off the GUI thread): its result or error."""
    out: list[object] = []
    runner.run(job, out.append, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=10_000)
    return out[0]


def _panel(qtbot, window, runner):  # type: ignore[no-untyped-def]
    panel = window.show_panel("security")
    idle(qtbot, runner)
    return panel


def test_owner_sets_the_policy_and_bad_values_are_refused(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, shop, owner, runner)
    panel = _panel(qtbot, window, runner)
    form = panel.policy_tab.form
    assert form.attempts.value() == 5 and form.minutes.value() == 15
    form.attempts.setValue(0)
    qtbot.mouseClick(panel.policy_tab.save, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert panel.policy_tab.error.isVisible() and "1–20" in panel.policy_tab.error.text()
    form.attempts.setValue(3)
    form.hours.setText("08:00-12:00, 11:00-13:00")
    qtbot.mouseClick(panel.policy_tab.save, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert "重叠" in panel.policy_tab.error.text()
    assert shop.security.policy(owner).lockout_attempts == 5  # nothing changed
    form.hours.setText("08:00-23:00")
    qtbot.mouseClick(panel.policy_tab.save, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    policy = shop.security.policy(owner)
    assert policy.lockout_attempts == 3 and policy.hours == (("08:00", "23:00"),)


def test_owner_approves_a_new_device_and_ends_a_session(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    from app.services.security.policy import Policy

    make_sub(shop, owner, "小美", phone=STAFF_PHONE, password=STAFF_PW, verify=True)
    shop.security.set_policy(owner, Policy(device_approval=True))
    with pytest.raises(AuthError):
        shop.auth.sign_in(STAFF_PHONE, STAFF_PW, device_id="home-pc", device_label="家里")
    window = _window(qtbot, shop, owner, runner)
    panel = _panel(qtbot, window, runner)
    tab = panel.access_tab
    assert tab.device_model.rowCount() == 1
    tab.devices.selectRow(0)
    qtbot.mouseClick(tab.approve, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    staff = shop.auth.sign_in(STAFF_PHONE, STAFF_PW, device_id="home-pc")
    panel.refresh()
    idle(qtbot, runner)
    rows = [tab.session_proxy.row_at(r) for r in range(tab.session_proxy.rowCount())]
    row = next(r for r in range(len(rows)) if rows[r].account_id == staff.account_id)
    tab.sessions.selectRow(row)
    qtbot.mouseClick(tab.end, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    with pytest.raises(AuthError):
        staff.require("cs.reception")


def test_the_log_view_verifies_exports_and_shows_the_head(qtbot, shop, owner, runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, shop, owner, runner)
    log = _panel(qtbot, window, runner).log_tab
    assert log.model.rowCount() >= 2  # the shop's creation and this sign-in
    assert "日志完整" in log.verdict.text() and "链头代码" in log.head.text()
    log.actor_filter.setText("不存在的人")
    qtbot.mouseClick(log.search, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    assert log.model.rowCount() == 0
    log.actor_filter.clear()
    target = tmp_path / "log.csv"
    log.export_csv(str(target))
    idle(qtbot, runner)
    text = target.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("编号") and "auth.sign_in" in text


def test_the_owner_gives_a_one_time_password(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    row = make_sub(shop, owner, "小美", phone=STAFF_PHONE, password=STAFF_PW, verify=True)
    window = _window(qtbot, shop, owner, runner)
    tab = _panel(qtbot, window, runner).accounts_tab
    index = next(r for r in range(tab.proxy.rowCount()) if tab.proxy.row_at(r).id == row.id)
    tab.view.selectRow(index)
    qtbot.mouseClick(tab.otp, Qt.MouseButton.LeftButton)
    idle(qtbot, runner)
    from app.ui.security.dialogs import ShownOnceDialog

    dialog = tab.findChild(ShownOnceDialog)
    assert dialog is not None and dialog.isVisible()
    otp = dialog.text.toPlainText()
    assert shop.auth.sign_in(STAFF_PHONE, otp, device_id="x").must_change_password


def test_absent_for_a_sub_account_without_the_permission(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    make_sub(shop, owner, "小美", phone=STAFF_PHONE, password=STAFF_PW, verify=True)
    staff = shop.auth.sign_in(STAFF_PHONE, STAFF_PW)
    window = _window(qtbot, shop, staff, runner)
    assert "security" not in window.panel_keys()
    window.show_my_account()  # everyone's own page: password and own sessions
    idle(qtbot, runner)
    page = window.my_account
    assert page.isVisible()
    assert page.findChild(QPushButton, "security.mine.password").isVisible()
    assert not page.findChild(QPushButton, "security.mine.two_step").isVisible()  # the owner's alone


def test_a_revoked_permission_makes_the_panel_disappear(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    row = make_sub(shop, owner, "小美", phone=STAFF_PHONE, password=STAFF_PW, verify=True)
    shop.accounts.set_extra_grants(owner, row.id, ["security.manage"])
    staff = shop.auth.sign_in(STAFF_PHONE, STAFF_PW)
    window = _window(qtbot, shop, staff, runner)
    _panel(qtbot, window, runner)
    shop.accounts.set_extra_grants(owner, row.id, [])
    window._check_session()
    qtbot.waitUntil(lambda: "security" not in window.panel_keys(), timeout=10_000)
    assert "security" not in window.panels


def test_the_console_locks_after_idling_and_the_password_unlocks(qtbot, db_url, keyring_backend, runner) -> None:  # type: ignore[no-untyped-def]
    clock = ManualClock(datetime(2026, 11, 11, 2, 0, tzinfo=UTC))
    services = Services.open(db_url, CredentialStore(keyring_backend), clock=clock)
    try:
        services.shop.create("测试小店", OWNER_PHONE, OWNER_PASSWORD)
        owner = services.auth.sign_in(OWNER_PHONE, OWNER_PASSWORD)
        window = _window(qtbot, services, owner, runner)
        assert window.guard.timeout_min == 30  # Shop.session_timeout_min
        clock.advance(minutes=29)
        window._check_session()
        idle(qtbot, runner)
        assert not window.guard.locked
        clock.advance(minutes=2)
        window._check_session()
        qtbot.waitUntil(lambda: getattr(window, "lock_dialog", None) is not None and window.lock_dialog.isVisible())
        assert isinstance(_in_worker(qtbot, runner, lambda: services.security.sessions(owner)), SessionLocked)
        dialog = window.lock_dialog
        dialog.password.setText("wrong-pass1")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: dialog.error.isVisible())
        dialog.password.setText(OWNER_PASSWORD)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: not window.guard.locked)
        assert _in_worker(qtbot, runner, lambda: services.security.sessions(owner))
    finally:
        runner.wait_idle()
        services.close()


def test_a_one_time_password_asks_for_a_new_one_at_once(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    row = make_sub(shop, owner, "小美", phone=STAFF_PHONE, password=STAFF_PW, verify=True)
    otp = shop.security.reset_password(owner, row.id)
    staff = shop.auth.sign_in(STAFF_PHONE, otp)
    window = _window(qtbot, shop, staff, runner)
    dialog = window.password_dialog
    assert dialog.isVisible()
    dialog.old.setText(otp)
    dialog.new.setText("New-staff-pass2")
    dialog.again.setText("New-staff-pass2")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert "cs.reception" in _in_worker(qtbot, runner, lambda: shop.auth.check(staff)).permissions


def test_an_automatic_freeze_alerts_the_owner_on_the_home_panel(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from tests.services.test_security_adspam import T0, _send

    row = make_sub(shop, owner, "小美", phone=STAFF_PHONE, password=STAFF_PW, verify=True)
    for minute in range(3):
        _send(shop, row.nick, T0.replace(minute=minute), ad=True, account_id=row.id)
    window = _window(qtbot, shop, owner, runner)
    home = window.show_panel("home")
    home.refresh()
    idle(qtbot, runner)
    alerts = [w for w in home.findChildren(QLabel, "home.security_alert") if w.isVisible()]
    assert alerts and "小美" in alerts[0].text() and "冻结" in alerts[0].text()


def test_the_log_period_ends_on_the_shops_today_not_the_computers(qtbot, shop, owner, runner) -> None:  # type: ignore[no-untyped-def]
    # 17:30 UTC of the day the shop was made is already the next day in the shop's zone
    # (Asia/Shanghai, UTC+8); this computer's own date stays the UTC one
    made = SystemClock().now().astimezone(UTC)
    shop.db.clock = ManualClock(made.replace(hour=17, minute=30, second=0, microsecond=0))
    window = _window(qtbot, shop, owner, runner)
    log = _panel(qtbot, window, runner).log_tab
    shop_today = (made + timedelta(days=1)).date()
    assert log.date_to.date().toString("yyyy-MM-dd") == shop_today.isoformat()
    assert log.date_from.date().toString("yyyy-MM-dd") == (shop_today - timedelta(days=30)).isoformat()
    assert log.model.rowCount() >= 2  # the shop's creation and the sign-in are inside the period
    first = log.model.row_at(0)  # its time in the shop's zone, as the filter's dates are
    shop_time = first.at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M:%S")
    assert log.model.index(0, 0).data() == shop_time


def test_devices_and_sessions_show_the_shops_times_not_the_computers(qtbot, shop, owner, runner,
                                                                   monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import time

    from app.services.security.policy import Policy

    # this computer keeps UTC; the shop counts in Asia/Shanghai (UTC+8)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        make_sub(shop, owner, "小美", phone=STAFF_PHONE, password=STAFF_PW, verify=True)
        shop.security.set_policy(owner, Policy(device_approval=True))
        with pytest.raises(AuthError):
            shop.auth.sign_in(STAFF_PHONE, STAFF_PW, device_id="home-pc", device_label="家里")
        window = _window(qtbot, shop, owner, runner)
        tab = _panel(qtbot, window, runner).access_tab
        zone = ZoneInfo("Asia/Shanghai")
        device = tab.device_model.row_at(0)
        assert tab.device_model.index(0, 4).data() == device.first_seen_at.astimezone(zone).strftime("%m-%d %H:%M")
        session = tab.session_model.row_at(0)
        assert tab.session_model.index(0, 3).data() == session.started_at.astimezone(zone).strftime("%m-%d %H:%M")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
