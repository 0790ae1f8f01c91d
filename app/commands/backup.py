"""`zhanggui backup create [--out FILE]` and `zhanggui backup restore FILE [--yes]` (METRICS §10)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.commands.context import CommandContext
from app.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("backup", help=_("备份或恢复 SQLite 店铺"))
    actions = p.add_subparsers(dest="backup_action", metavar="ACTION", required=True,
                               parser_class=type(p))
    create = actions.add_parser("create", help=_("在使用中也能做一致的备份；打印备份文件路径"))
    create.add_argument("--out", metavar="FILE", help=_("备份文件（默认：店铺数据库旁的 backups 文件夹）"))
    create.set_defaults(func=run_create)
    restore = actions.add_parser("restore", help=_("检查备份后用它替换店铺；被替换的店铺保存在数据库旁"))
    restore.add_argument("file", metavar="FILE", help=_("备份文件"))
    restore.add_argument("--yes", action="store_true", help=_("不再询问，直接恢复"))
    restore.set_defaults(func=run_restore)


def run_create(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.services.maintenance.backup import create_backup, record, sqlite_file

    sqlite_file(ctx.db_url)  # a server database is refused before anything is opened
    services = ctx.services()  # opens (and migrates) the shop: a backup is of the current schema
    info = create_backup(ctx.db_url, Path(args.out) if args.out else None, clock=services.clock)
    ctx.close()
    record(ctx.db_url, None, "backup.create", info.path)
    print(info.path)
    return 0


def run_restore(args: argparse.Namespace, ctx: CommandContext) -> int:
    from app.services.maintenance.backup import inspect_backup, record, restore_backup, sqlite_file

    db_path = sqlite_file(ctx.db_url)
    backup = Path(args.file)
    if not backup.is_file():
        from app.services.maintenance.backup import NotABackup

        raise NotABackup(_("找不到备份文件 {path}，未做任何改动。").format(path=backup))
    revision = inspect_backup(backup)  # refuse a bad file before asking anything
    if not args.yes and sys.stdin.isatty():
        question = _("用备份 {backup}（结构版本 {revision}）替换店铺 {db}？当前店铺会另存一份。[y/N] ").format(
            backup=backup, revision=revision, db=db_path
        )
        answer = input(question).strip().lower()
        if answer not in ("y", "yes", "是"):
            print(_("已取消，店铺未改动。"))
            return 0
    result = restore_backup(ctx.db_url, backup)
    record(ctx.db_url, None, "backup.restore", backup)
    print(_("已从 {backup} 恢复店铺。").format(backup=backup))
    if result.replaced_copy is not None:
        print(_("被替换的店铺保存在 {path}").format(path=result.replaced_copy))
    return 0
