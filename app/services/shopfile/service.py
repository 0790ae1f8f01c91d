"""`ShopFileService`: export the shop's set-up as one JSON document, and apply one — checked
whole first, then written in one transaction, recorded as one operation-log entry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.i18n import _
from app.models.shop import Shop
from app.models.vocabulary import Device
from app.services.accounts.permissions import Actor
from app.services.accounts.subaccount_rules import check_step_up
from app.services.common import audit
from app.services.common.changes import Area
from app.services.common.database import Database
from app.services.common.errors import NotFound, ValidationError
from app.services.routing.decisions import drain_in_session, reroute_agent_in_session
from app.services.routing.state import load_state
from app.services.routing.tx import Tx, bump_clock
from app.services.shopfile.changes import ADDED, CHANGED, ApplyResult
from app.services.shopfile.context import Context
from app.services.shopfile.document import MISSING, Problems, as_object, field, loads
from app.services.shopfile.registry import SECTIONS, VERSION, permissions

SHOP_ID = 1
MAX_AUDIT_ITEMS = 200  # the operation-log entry names at most this many items
# What a change in each section touches, for `db.changes` (sub-accounts' 参与分流 and status
# are routing's too).
AREAS: dict[str, tuple[str, ...]] = {
    "shop": (Area.SETTINGS,), "roles": (Area.ROLES, Area.ACCOUNTS),
    "subaccounts": (Area.ACCOUNTS, Area.ROUTING), "routing": (Area.ROUTING,),
}


class ShopFileService:
    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def require(actor: Actor) -> None:
        """子账号 › 新建/编辑, 角色管理 and 分流设置 (and whatever a later section adds)."""
        for code in permissions():
            actor.require(code)

    def export(self, actor: Actor) -> dict[str, Any]:
        """The set-up as a JSON-ready dict: every key `apply` accepts, never a secret."""
        self.require(actor)
        with self.db.session() as s:
            shop = _shop(s)
            document: dict[str, Any] = {"version": VERSION}
            for section in SECTIONS:
                document[section.key] = section.export(s)
            audit.record(s, actor, "config.export", shop.name)
            return document

    def export_text(self, actor: Actor) -> str:
        return json.dumps(self.export(actor), ensure_ascii=False, indent=2) + "\n"

    def export_file(self, actor: Actor, path: str | Path) -> Path:
        """Write the set-up to `path` (UTF-8 JSON); returns the path written."""
        text = self.export_text(actor)
        target = Path(path)
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ValidationError(
                _("无法写入文件 {path}：{error}").format(path=str(target), error=exc.strerror or exc)
            ) from None
        return target

    def apply(self, actor: Actor, text: str, *, dry_run: bool = False, source: str = "",
              step_up_password: str | None = None) -> ApplyResult:
        """Apply a set-up file. Every problem is listed (`path: reason`) and nothing changes
        when there is any; `dry_run` only reports what would change. From a signed-in
        console, a file that changes a bound phone needs the main account's password again
        (`step_up_password`)."""
        self.require(actor)
        problems = Problems()
        try:
            document = loads(text)
        except ValueError as exc:
            raise ValidationError(_("配置文件不是有效的 JSON，没有做任何修改：{reason}").format(reason=exc)) from None
        keys = ("version", *(section.key for section in SECTIONS))
        obj = as_object(document, "", problems, keys, required=("version",))
        if obj is not None:
            version = field(obj, "version", "", problems, "int")
            if version is not MISSING and version != VERSION:
                problems.add("version", _("不支持的版本 {version}（这个版本的掌柜读写版本 {supported}）").format(
                    version=version, supported=VERSION))
        if problems or obj is None:
            raise _refused(problems)
        with self.db.session() as s:
            ctx = Context.load(s, actor, _shop(s), self.db.clock.now())
            ctx.problems = problems
            writes = []
            for section in SECTIONS:
                if section.key in obj:
                    write = section.plan(ctx, obj[section.key], section.key)
                    if write is not None:
                        writes.append(write)
            if problems:
                raise _refused(problems)
            result = ApplyResult(tuple(ctx.changes), applied=False, dry_run=dry_run)
            if dry_run or result.nothing_to_change:
                return result
            if result.changes_phones and (actor.session_id is not None or step_up_password is not None):
                # A signed-in console confirms with the password again, as the sub-account
                # dialog does (an unattended, unlocked console must not re-bind phones). The
                # CLI is a trusted local entry point (docs/cli.md): checked when given.
                check_step_up(s, actor, step_up_password)
            bump_clock(s)  # the routing lock first; consoles reload their routing state
            for write in writes:
                write()
            s.flush()
            _settle_routing(ctx)
            touched = [f"{c.section} {c.item}" for c in result.changes if c.kind in (ADDED, CHANGED)]
            audit.record(s, actor, "config.apply", source or ctx.shop.name, added=result.added,
                         changed=result.changed, unchanged=result.unchanged,
                         items=touched[:MAX_AUDIT_ITEMS], more=max(0, len(touched) - MAX_AUDIT_ITEMS))
        # committed: the panels (and consoles) that show what changed refresh
        self.db.changes.publish({area for c in result.changes if c.kind in (ADDED, CHANGED)
                                 for area in AREAS.get(c.section.split(".")[0], ())})
        return ApplyResult(result.changes, applied=True)


def _shop(s: Session) -> Shop:
    shop = s.get(Shop, SHOP_ID)
    if shop is None:
        raise NotFound(_("数据库里还没有店铺。请先运行首次设置（zhanggui init）。"))
    return shop


def _refused(problems: Problems) -> ValidationError:
    return ValidationError(
        _("配置文件有 {n} 处问题，没有做任何修改：").format(n=len(problems)), details=list(problems.lines)
    )


def _settle_routing(ctx: Context) -> None:
    """After the writes, as the routing service does after its own edits: agents who no
    longer take conversations (参与分流 off, phones when mobile routing is off) hand theirs
    back to routing, and the queue drains into any capacity the file added."""
    s = ctx.session
    state = load_state(s)
    tx = Tx.of(s)
    agents = set(ctx.reroute)
    if ctx.mobile_off:
        agents |= {a.id for a in state.agents.values() if a.device == Device.MOBILE and a.load}
    for agent_id in sorted(agents):
        agent = state.agents.get(agent_id)
        if agent is None or not state.routable(agent):
            reroute_agent_in_session(tx, state, agent_id, now=ctx.now)
    drain_in_session(tx, state, ctx.now)
