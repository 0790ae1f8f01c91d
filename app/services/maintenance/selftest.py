"""The installed program's self-checks that need no screen (`zhanggui --self-test`,
帮助 → 诊断). The GUI and font checks live with the Qt code (app.ui.settings.diagnostics).

Each check returns one line's worth: ok, a warning (the program works, with a limitation the
user should know about), or a failure (exit code 1).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.services.common.errors import UserError

OK, WARNING, FAILED = "ok", "warning", "failed"


@dataclass(frozen=True)
class CheckResult:
    key: str  # stable: gui, font, migrations, database, keyring, translations
    status: str  # OK | WARNING | FAILED
    message: str

    def line(self) -> str:
        label = {OK: _("通过"), WARNING: _("提醒"), FAILED: _("失败")}[self.status]
        return f"[{label}] {self.message}"


def check_migrations() -> CheckResult:
    """Every migration runs, up and down, on a scratch database."""
    from app.models.migrations import HEAD
    from app.services.common.database import Database, upgrade

    with tempfile.TemporaryDirectory(prefix="zg-selftest-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'scratch.sqlite3'}"
        try:
            db = Database(url)
            try:
                ok = db.current_revision() == HEAD
                from alembic import command

                from app.services.common.database import alembic_config

                command.downgrade(alembic_config(db), "base")
                upgrade(db)
                ok = ok and db.current_revision() == HEAD
            finally:
                db.dispose()
        except Exception as exc:
            return CheckResult("migrations", FAILED, _("数据库迁移失败：{error}").format(error=exc))
    if not ok:
        return CheckResult("migrations", FAILED, _("数据库迁移没有到达结构版本 {head}。").format(head=HEAD))
    return CheckResult("migrations", OK, _("数据库迁移可在临时数据库上运行（结构版本 {head}）。").format(head=HEAD))


def check_database_writable(url: str) -> CheckResult:
    """The shop's database accepts a write (inside a transaction that is rolled back)."""
    from app.services.common.database import Database, redact

    shown = redact(url)
    if url.startswith("sqlite") and "///" in url:
        path = Path(url.split("///", 1)[1])
        if not path.exists():  # not created yet: its folder must take a new file
            folder = path.parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
                with tempfile.NamedTemporaryFile(dir=folder):
                    pass
            except OSError as exc:
                return CheckResult("database", FAILED, _("数据文件夹 {path} 不可写：{error}").format(
                    path=folder, error=exc.strerror))
            return CheckResult("database", OK, _("数据文件夹 {path} 可写（店铺尚未创建）。").format(path=folder))
    try:
        db = Database(url, migrate=False)
    except UserError as exc:
        return CheckResult("database", FAILED, exc.message)
    except Exception as exc:
        return CheckResult("database", FAILED, _("无法打开数据库 {url}：{error}").format(url=shown, error=exc))
    try:
        from sqlalchemy import text

        with db.engine.connect() as conn:
            trans = conn.begin()
            try:
                conn.execute(text("CREATE TABLE zg_selftest_probe (n INTEGER)"))
                conn.execute(text("INSERT INTO zg_selftest_probe (n) VALUES (1)"))
            finally:
                trans.rollback()
    except Exception as exc:
        return CheckResult("database", FAILED, _("数据库 {url} 不可写：{error}").format(
            url=shown, error=str(getattr(exc, "orig", exc)).strip().splitlines()[0]))
    finally:
        db.dispose()
    return CheckResult("database", OK, _("数据库 {url} 可写。").format(url=shown))


def check_keyring() -> CheckResult:
    from app.services.accounts.credentials import CredentialStore

    store = CredentialStore()
    name = store.backend_name()
    if store.available():
        return CheckResult("keyring", OK, _("系统钥匙串可用（{backend}）。").format(backend=name))
    return CheckResult("keyring", WARNING, _(
        "系统钥匙串不可用（{backend}）：掌柜不会记住任何密码，每次都需要输入。"
    ).format(backend=name))


def check_translations() -> CheckResult:
    from app.i18n import load_ts_files, translations_dir

    folder = translations_dir("en")
    try:
        table = load_ts_files("en")
    except Exception as exc:
        return CheckResult("translations", FAILED, _("翻译文件无法读取：{error}").format(error=exc))
    files = len(list(folder.glob("*.ts"))) if folder.is_dir() else 0
    if not table or "掌柜" not in table:
        return CheckResult("translations", FAILED, _("英文翻译没有找到（{path}）。").format(path=folder))
    return CheckResult("translations", OK, _("英文翻译已加载：{files} 个文件，{count} 条。").format(
        files=files, count=len(table)))


def service_checks(url: str) -> list[CheckResult]:
    return [check_migrations(), check_database_writable(url), check_keyring(), check_translations()]


def exit_code(results: list[CheckResult]) -> int:
    return 1 if any(r.status == FAILED for r in results) else 0

