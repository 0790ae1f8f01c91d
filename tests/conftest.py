"""Shared fixtures. Database fixtures run on SQLite and, when TEST_PG_URL is set (always in
CI), once more on PostgreSQL."""

from __future__ import annotations

import os
import uuid

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "zh_CN.UTF-8")

import pytest

from app.i18n import set_language
from tests.memory_keyring import MemoryKeyring

OWNER_PHONE = "13800138000"
OWNER_PASSWORD = "Owner-pass1"
SHOP_NAME = "测试小店"

PG_URL = os.environ.get("TEST_PG_URL")


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI") and not PG_URL:
        raise pytest.UsageError("CI must provide TEST_PG_URL: a missing PostgreSQL is a failure")


@pytest.fixture(autouse=True)
def _none_keeps_its_references() -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None on many Qt calls (see
    app/ui/common/none_guard.py); a long test run would abort with none_dealloc."""
    from app.ui.common import none_guard

    none_guard.top_up()


def pytest_report_header(config: pytest.Config) -> list[str]:
    from app.services.accounts.credentials import CredentialStore

    pg = PG_URL.split("@")[-1] if PG_URL else "not set (database tests run on SQLite only)"
    return [f"keyring backend: {CredentialStore().backend_name()}", f"PostgreSQL for tests: {pg}"]


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    """Say plainly which real services the run used, so a CI log shows it."""
    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", "call") != "call" and outcome != "error":
                continue
            node = getattr(report, "nodeid", "")
            for backend in ("sqlite", "postgres"):
                if f"[{backend}" in node or f"-{backend}]" in node or f"-{backend}-" in node:
                    counts.setdefault(backend, {}).setdefault(outcome, 0)
                    counts[backend][outcome] += 1
            if "test_real_secret_service_round_trip" in node:
                terminalreporter.write_line(f"secret service round-trip: {outcome}")
    for backend, by_outcome in sorted(counts.items()):
        figures = ", ".join(f"{n} {o}" for o, n in sorted(by_outcome.items()))
        terminalreporter.write_line(f"database tests on {backend}: {figures}")


@pytest.fixture(autouse=True)
def _chinese_by_default():
    set_language("zh_CN")
    yield
    set_language("zh_CN")


def _backends() -> list[str]:
    return ["sqlite", "postgres"] if PG_URL else ["sqlite"]


def _fresh_pg_schema(url: str) -> str:
    """Empty the test database's public schema so every test starts clean."""
    from sqlalchemy import create_engine, text

    from app.services.common.database import normalise_url

    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=_backends())
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    if request.param == "postgres":
        assert PG_URL
        return _fresh_pg_schema(PG_URL)
    return f"sqlite:///{tmp_path / f'zg-{uuid.uuid4().hex[:8]}.sqlite3'}"


@pytest.fixture
def keyring_backend() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def services(db_url: str, keyring_backend: MemoryKeyring):  # type: ignore[no-untyped-def]
    from app.services.accounts.credentials import CredentialStore
    from app.services.container import Services

    svc = Services.open(db_url, CredentialStore(keyring_backend))
    yield svc
    svc.close()


@pytest.fixture
def shop(services):  # type: ignore[no-untyped-def]
    """Services over a database holding a fresh shop (preset roles and groups included)."""
    services.shop.create(SHOP_NAME, OWNER_PHONE, OWNER_PASSWORD)
    return services


@pytest.fixture
def owner(shop):  # type: ignore[no-untyped-def]
    return shop.auth.sign_in(OWNER_PHONE, OWNER_PASSWORD)


@pytest.fixture
def runner(qtbot):  # type: ignore[no-untyped-def]
    """The panels' background-work runner, drained at the end of the test."""
    from app.ui.shell.workers import Runner

    r = Runner()
    yield r
    r.wait_idle()


@pytest.fixture
def demo(services):  # type: ignore[no-untyped-def]
    """Services over the seeded demo shop."""
    from app.services.demo import seed_demo_shop

    seed_demo_shop(services)
    return services
