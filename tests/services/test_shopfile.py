"""The shop set-up file (METRICS.md §8): export, apply to another shop, export again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models.accounts import Account
from app.models.audit import AuditEvent
from app.models.routing import AgentPresence
from app.models.vocabulary import Device, Presence
from app.services.accounts.credentials import CredentialStore
from app.services.accounts.permissions import Actor
from app.services.common.errors import AuthError, PermissionDenied, ValidationError
from app.services.container import Services
from app.services.routing import engine as eng
from app.services.routing.service import load_state
from tests.conftest import OWNER_PASSWORD, OWNER_PHONE, SHOP_NAME
from tests.memory_keyring import MemoryKeyring

pytestmark = pytest.mark.db

MESSAGES = [
    ("买家1", "在吗？这款有现货吗", "", (), ""),
    ("买家2", "我要退款，收到的杯子碎了", "", (), ""),
    ("买家3", "什么时候发货", "", ("VIP",), ""),
    ("买家4", "物流三天没动了", "", (), ""),
    ("买家5", "能便宜点吗", "商品：羊毛开衫", (), ""),
    ("买家6", "在的吗", "", (), "退款中"),
    ("买家7", "有优惠券吗", "", ("VIP",), ""),
    ("买家8", "尺码偏大吗", "", (), ""),
]


@pytest.fixture
def second(db_url, tmp_path):  # type: ignore[no-untyped-def]
    """A second, empty shop on the same kind of database as `demo`."""
    if db_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'second.sqlite3'}"
    else:  # PostgreSQL: a database holds one shop; the second one gets a schema of its own
        url = _second_pg_schema(db_url)
    svc = Services.open(url, CredentialStore(MemoryKeyring()))
    svc.shop.create("别的小店", "13700137000", OWNER_PASSWORD)
    yield svc
    svc.close()


def make_id_number(n: int) -> str:
    """A resident ID number with a valid check digit (for 子账号认证)."""
    body = f"110105199001{n:05d}"[:17]
    total = sum(int(d) * w for d, w in zip(body, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    return body + "10X98765432"[total % 11]


def _second_pg_schema(url: str) -> str:
    from sqlalchemy import create_engine, text

    from app.services.common.database import normalise_url

    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS zg_second CASCADE"))
        conn.execute(text("CREATE SCHEMA zg_second"))
    engine.dispose()
    return url + ("&" if "?" in url else "?") + "options=-csearch_path%3Dzg_second"


def export(services: Services) -> dict:  # type: ignore[type-arg]
    return services.shopfile.export(services.auth.owner_actor())


def apply(services: Services, document: object, **kwargs):  # type: ignore[no-untyped-def]
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    return services.shopfile.apply(services.auth.owner_actor(), text, **kwargs)


def enrich(services: Services) -> None:
    """The demo shop set up beyond its presets, the way the GUI would: a custom role, a
    weighted VIP group with an overflow and a backup agent, a tag rule, proxy and settings."""
    owner = services.auth.owner_actor()
    services.roles.create_role(owner, "质检", {"data.performance", "cs.history"}, "抽查聊天记录")
    ids = {row.name: row.id for row in services.accounts.list_accounts(owner)}
    vip = services.routing.create_group(owner, "VIP", "weighted")
    services.routing.set_member(owner, ids["婷婷"], vip, weight=3, capacity=8)
    services.routing.set_member(owner, ids["阿杰"], vip, weight=1, capacity=2)
    groups = {g.name: g.id for g in services.routing.overview(owner).groups}
    services.routing.update_group(owner, vip, overflow_group_id=groups["售前"], backup_agent_id=ids["婷婷"])
    services.routing.add_rule(owner, "tag", "VIP,大客户", vip)
    services.accounts.set_extra_grants(owner, ids["小美"], ["data.realtime", "data.performance"])
    services.routing.update_settings(owner, proxy_account_id=ids["婷婷"], returning_window_hours=24,
                                     mobile_routing=False)


def decisions(services: Services, presence: dict[str, tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    """The engine's verdicts for `MESSAGES`, one after the other (each assignment counts
    towards the next), from the shop's routing set-up with `presence` by agent name and no
    conversations open: what the set-up decides, not what live traffic happened to do."""
    with services.db.session() as s:
        state = load_state(s)
    for agent in state.agents.values():
        agent.status, agent.device = presence.get(agent.name, (Presence.OFFLINE, Device.DESKTOP))
        agent.load, agent.last_assigned = 0, 0.0
    state.queue_sizes.clear()
    out = []
    for i, (buyer, text, page, tags, order_status) in enumerate(MESSAGES):
        d = eng.decide(state, eng.Arrival(buyer, text, page, tags, order_status))
        eng.apply(state, d, float(i + 1))
        group = state.groups.get(d.group_id).name if d.group_id in state.groups else ""  # type: ignore[union-attr]
        out.append((d.outcome, state.agent_name(d.agent_id), group, d.reason))
    return out


def presence_of(services: Services) -> dict[str, tuple[str, str]]:
    with services.db.session() as s:
        return {
            nick.split(":", 1)[1]: (status, device)
            for nick, status, device in s.execute(
                select(Account.nick, AgentPresence.status, AgentPresence.device)
                .join(AgentPresence, AgentPresence.account_id == Account.id))
        }


# -- round trip --------------------------------------------------------------------------------
def test_round_trip_reproduces_the_set_up_and_the_routing(demo, second) -> None:
    enrich(demo)
    first = export(demo)
    assert apply(demo, first).nothing_to_change  # a shop's own export changes nothing in it
    assert {r["name"] for r in first["roles"]} == {"质检"}
    assert len(first["subaccounts"]) == 10  # 小陈 left: not part of the set-up
    assert next(a for a in first["subaccounts"] if a["name"] == "小美")["extra_permissions"] == [
        "data.realtime", "data.performance"]
    result = apply(second, first)
    assert result.applied and result.added > 10
    again = export(second)
    assert again == first
    live = presence_of(demo)
    everyone = {name: (Presence.ONLINE, Device.DESKTOP) for name in live}
    for presence in (live, everyone):
        assert decisions(second, presence) == decisions(demo, presence)
    assert {d[0] for d in decisions(demo, everyone)} >= {"assigned"}


def test_the_metrics_example_applies_to_a_new_shop(shop, owner) -> None:
    document = {
        "version": 1,
        "shop": {"timezone": "Asia/Shanghai", "session_timeout_min": 30},
        "roles": [{"name": "质检", "permissions": ["data.performance", "cs.history"]}],
        "subaccounts": [{"name": "小美", "bound_phone": "13912345600", "role": "售前客服",
                         "takes_routing": True, "alias": "美美", "department": "客服部"}],
        "routing": {"groups": [{"name": "售前", "mode": "weighted", "default": True, "overflow": None,
                                "members": [{"agent": "小美", "capacity": 3, "weight": 1}]}],
                    "rules": [{"kind": "keyword", "pattern": "退款,退货", "group": "售后"}]},
    }
    result = apply(shop, document)
    assert (result.added, result.changed) == (4, 1)  # role, sub-account, member, rule; 售前's mode
    after = export(shop)
    assert after["subaccounts"][0] | {"manager": None} == {
        "name": "小美", "alias": "美美", "department": "客服部", "title": "", "employee_no": "", "hired_on": None,
        "manager": None, "bound_phone": "13912345600", "role": "售前客服", "extra_permissions": [],
        "takes_routing": True, "status": "active"}
    assert after["routing"]["groups"][0]["members"] == [{"agent": "小美", "capacity": 3, "weight": 1, "order": 1}]
    assert apply(shop, document).nothing_to_change
    assert apply(shop, after).nothing_to_change


def test_the_documented_example_applies_to_a_new_shop(shop) -> None:
    example = Path(__file__).resolve().parents[2] / "resources" / "config" / "example-shop.json"
    text = example.read_text(encoding="utf-8")
    result = apply(shop, text)
    assert result.applied
    assert export(shop) == json.loads(text)


def test_created_sub_accounts_have_no_password_and_cannot_sign_in(demo, second) -> None:
    apply(second, export(demo))
    with second.db.session() as s:
        hashes = set(s.scalars(select(Account.password_hash).where(Account.kind == "sub")))
        assert hashes == {None}
    with pytest.raises(AuthError):
        second.auth.sign_in("13912345600", "demo-2026!")
    owner = second.auth.owner_actor()
    rows = second.accounts.list_accounts(owner)
    assert rows and {(r.password_set, r.password_text) for r in rows} == {(False, "未设密码")}
    xiaomei = next(r for r in rows if r.name == "小美")
    second.accounts.verify(owner, xiaomei.id, "王美", make_id_number(1))
    with pytest.raises(AuthError):  # verified, still no password
        second.auth.sign_in("13912345600", "any-guess-1")
    second.accounts.set_password(owner, xiaomei.id, "Mei-pass-2026")
    assert second.auth.sign_in("13912345600", "Mei-pass-2026").nick == "别的小店:小美"


def test_export_never_holds_a_secret(demo) -> None:
    text = json.dumps(export(demo), ensure_ascii=False)
    for secret in ("argon2", "password", "id_digest", "id_last_digits", "verified", "sqlite", "demo-2026!"):
        assert secret not in text


# -- idempotence and dry runs ------------------------------------------------------------------
def test_apply_twice_changes_nothing_the_second_time(demo, second) -> None:
    document = export(demo)
    heard: list[frozenset[str]] = []
    second.db.changes.subscribe(heard.append)
    apply(second, document)
    assert heard == [frozenset({"accounts", "routing"})]  # panels showing them refresh
    with second.db.session() as s:
        logged = s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "config.apply"))
    assert logged == 1
    before = export(second)
    result = apply(second, document)
    assert result.nothing_to_change and not result.applied
    assert "没有需要修改的内容" in result.summary()
    assert export(second) == before
    assert len(heard) == 1
    with second.db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "config.apply")) == 1


def test_dry_run_lists_changes_and_changes_nothing(demo, second) -> None:
    before = export(second)
    document = export(demo)
    document["shop"]["session_timeout_min"] = 45
    result = apply(second, document, dry_run=True)
    assert export(second) == before
    assert not result.applied and result.added == 19  # 17 + the demo's two auto-replies
    lines = result.lines()
    assert "+ 新增 subaccounts 小美" in lines
    assert "= 不变 routing.groups 售前" in lines
    assert "    session_timeout_min: 30 → 45" in lines
    assert "试运行" in result.summary()


def test_updates_show_old_and_new_and_keep_what_the_file_leaves_out(shop, owner) -> None:
    apply(shop, {"version": 1, "subaccounts": [
        {"name": "小美", "bound_phone": "13912345600", "role": "售前客服", "alias": "美美", "department": "客服部"}]})
    result = apply(shop, {"version": 1, "subaccounts": [{"name": "小美", "alias": "阿美", "role": "售后客服"}]})
    change = next(c for c in result.changes if c.item == "小美")
    assert change.kind == "changed"
    assert dict((k, (o, n)) for k, o, n in change.fields) == {"alias": ("美美", "阿美"), "role": ("售前客服", "售后客服")}
    row = next(r for r in shop.accounts.list_accounts(owner) if r.name == "小美")
    assert (row.alias, row.department, row.role_name) == ("阿美", "客服部", "售后客服")


def test_an_account_without_a_phone_exports_null_and_applies_unchanged(shop) -> None:
    with shop.db.session() as s:  # as older data or a direct import may hold
        s.add(Account(kind="sub", nick=f"{SHOP_NAME}:老张", status="active"))
    document = export(shop)
    assert [a["bound_phone"] for a in document["subaccounts"]] == [None]
    assert apply(shop, document).nothing_to_change
    document["subaccounts"].append({"name": "新人", "bound_phone": None, "role": "售前客服"})
    with pytest.raises(ValidationError) as refused:
        apply(shop, document)
    assert refused.value.details == ["subaccounts[1].bound_phone: 请填写手机号。"]


def test_freezing_through_the_file_ends_sessions_like_the_gui(shop, owner) -> None:
    apply(shop, {"version": 1, "subaccounts": [{"name": "小美", "bound_phone": "13912345600", "role": "售前客服"}]})
    result = apply(shop, {"version": 1, "subaccounts": [{"name": "小美", "status": "frozen"}]})
    assert [c.fields for c in result.changes if c.item == "小美"] == [(("status", "active", "frozen"),)]
    row = next(r for r in shop.accounts.list_accounts(owner) if r.name == "小美")
    assert row.status == "frozen" and row.frozen_at is not None


# -- refusals: path-named, all listed, nothing changed ------------------------------------------
def _base() -> dict:  # type: ignore[type-arg]
    return {
        "version": 1,
        "roles": [{"name": "质检", "permissions": ["data.performance", "cs.history"]}],
        "subaccounts": [
            {"name": "小美", "bound_phone": "13912345600", "role": "售前客服", "takes_routing": True},
            {"name": "阿杰", "bound_phone": "13912345601", "role": "质检"},
        ],
        "routing": {"groups": [{"name": "售前", "members": [{"agent": "小美", "capacity": 3}]}],
                    "rules": [{"kind": "keyword", "pattern": "发票", "group": "售前"}]},
    }


def _bad(edit):  # type: ignore[no-untyped-def]
    document = _base()
    edit(document)
    return document


BAD = {
    "invalid JSON": ('{"version": 1, "roles": [', "不是有效的 JSON"),
    "wrong version": (_bad(lambda d: d.update(version=2)), "version: 不支持的版本 2"),
    "missing version": (_bad(lambda d: d.pop("version")), "version: 缺少必填项"),
    "unknown top-level key": (_bad(lambda d: d.update(passwords=[])), "passwords: 未知的键"),
    "unknown nested key": (_bad(lambda d: d["subaccounts"][1].update(password="x")), "subaccounts[1].password: 未知的键"),
    "duplicate nick": (_bad(lambda d: d["subaccounts"][1].update(name="小美")), "subaccounts[1].name: 昵称与 subaccounts[0] 重复"),
    "malformed phone": (_bad(lambda d: d["subaccounts"][1].update(bound_phone="1391234")), "subaccounts[1].bound_phone: 不是有效的"),
    "unknown role": (_bad(lambda d: d["subaccounts"][0].update(role="店长")), "subaccounts[0].role: 没有名为“店长”的角色"),
    "unknown permission": (_bad(lambda d: d["roles"][0]["permissions"].append("cs.fly")), "roles[0].permissions[2]: 未知的权限：cs.fly"),
    "member of a missing group": (
        _bad(lambda d: d["routing"]["groups"][0]["members"].append({"agent": "阿杰", "group": "不存在"})),
        "routing.groups[0].members[1].group: 未知的键"),
    "member who is not a sub-account": (
        _bad(lambda d: d["routing"]["groups"][0]["members"].append({"agent": "路人甲"})),
        "routing.groups[0].members[1].agent: 没有名为“路人甲”的子账号"),
    "unknown extra permission": (_bad(lambda d: d["subaccounts"][0].update(extra_permissions=["data", "x.y"])),
                                 "subaccounts[0].extra_permissions[1]: 未知的权限：x.y"),
    "owner-only extra permission": (_bad(lambda d: d["subaccounts"][0].update(extra_permissions=["owner.quota"])),
                                    "subaccounts[0].extra_permissions: 主账号专属权限不能授予子账号"),
    "capacity 0": (_bad(lambda d: d["routing"]["groups"][0]["members"][0].update(capacity=0)),
                   "routing.groups[0].members[0].capacity: 接待上限必须是大于 0 的整数"),
    "rule to a missing group": (_bad(lambda d: d["routing"]["rules"][0].update(group="售中")),
                                "routing.rules[0].group: 规则指向的分组“售中”不存在"),
    "overflow to a missing group": (_bad(lambda d: d["routing"]["groups"][0].update(overflow="售中")),
                                    "routing.groups[0].overflow: 溢出分组“售中”不存在"),
    "a boolean for a number": (_bad(lambda d: d["routing"]["groups"][0]["members"][0].update(capacity=True)),
                               "routing.groups[0].members[0].capacity: 应为整数"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_files_are_refused_with_the_path_and_change_nothing(shop, case) -> None:
    document, expected = BAD[case]
    before = export(shop)
    with pytest.raises(ValidationError) as refused:
        apply(shop, document)
    text = "\n".join([refused.value.message, *refused.value.details])
    assert expected in text
    assert "没有做任何修改" in refused.value.message
    assert export(shop) == before


def test_every_problem_is_listed_at_once(shop) -> None:
    document = _base()
    document["subaccounts"][0]["bound_phone"] = "12"
    document["subaccounts"][1]["role"] = "店长"
    document["routing"]["rules"][0]["group"] = "售中"
    with pytest.raises(ValidationError) as refused:
        apply(shop, document)
    assert [line.split(":")[0] for line in refused.value.details] == [
        "subaccounts[0].bound_phone", "subaccounts[1].role", "routing.rules[0].group"]


def test_more_sub_accounts_than_the_quota_is_refused(shop, owner) -> None:
    shop.accounts.set_quota(owner, 1)
    before = export(shop)
    with pytest.raises(ValidationError) as refused:
        apply(shop, _base())
    assert any(line.startswith("subaccounts: 超出子账号数量上限") for line in refused.value.details)
    assert export(shop) == before


def test_english_messages_name_the_path(shop) -> None:
    from app.i18n import set_language

    set_language("en")
    with pytest.raises(ValidationError) as refused:
        apply(shop, _bad(lambda d: d["subaccounts"][1].update(bound_phone="1391234")))
    assert refused.value.details[0].startswith("subaccounts[1].bound_phone: ")
    assert "mobile" in refused.value.details[0] and "nothing" in refused.value.message.lower()


# -- who may -----------------------------------------------------------------------------------
def test_each_permission_is_checked(shop, owner) -> None:
    points = frozenset({"subaccounts.view", "subaccounts.edit", "subaccounts.roles"})
    actor = Actor(owner.account_id + 100, "测试小店:配置员", False, points)
    with pytest.raises(PermissionDenied):
        shop.shopfile.export(actor)
    with pytest.raises(PermissionDenied):
        shop.shopfile.apply(actor, json.dumps(_base()))
    granted = Actor(actor.account_id, actor.nick, False, points | {"cs.routing"})
    assert shop.shopfile.export(granted)["version"] == 1
    with pytest.raises(ValidationError) as refused:
        shop.shopfile.apply(granted, json.dumps({"version": 1, "shop": {"timezone": "Asia/Tokyo"}}))
    assert refused.value.details == ["shop: 只有主账号可以修改店铺的时区和会话超时。"]
    with pytest.raises(ValidationError) as refused:  # a sub-account grants only what it holds
        shop.shopfile.apply(granted, json.dumps(_base()))
    assert refused.value.details[0].startswith("roles[0].permissions: 不能授予你自己没有的权限")


def test_owner_phone_is_taken(shop) -> None:
    document = _bad(lambda d: d["subaccounts"][1].update(bound_phone=OWNER_PHONE))
    with pytest.raises(ValidationError) as refused:
        apply(shop, document)
    assert refused.value.details[0].startswith("subaccounts[1].bound_phone: 手机号 13800138000 已绑定账号")



def test_a_signed_in_console_re_binds_a_phone_only_with_the_password_again(shop, owner) -> None:  # type: ignore[no-untyped-def]
    from app.services.common.errors import AuthError, ValidationError
    from tests.conftest import OWNER_PASSWORD

    apply(shop, {"version": 1, "subaccounts": [{"name": "小美", "bound_phone": "13912345600", "role": "售前客服"}]})
    moved = json.dumps({"version": 1, "subaccounts": [{"name": "小美", "bound_phone": "13912345699"}]})
    assert owner.session_id is not None  # the GUI's owner: signed in on this console
    preview = shop.shopfile.apply(owner, moved, dry_run=True)
    assert preview.changes_phones  # the dialog asks for the password before applying
    with pytest.raises(ValidationError, match="再次输入"):
        shop.shopfile.apply(owner, moved)
    with pytest.raises(AuthError):
        shop.shopfile.apply(owner, moved, step_up_password="not-the-password")
    phone = lambda: next(r.bound_phone for r in shop.accounts.list_accounts(owner) if r.name == "小美")  # noqa: E731
    assert phone() == "13912345600"  # refused: nothing changed
    assert shop.shopfile.apply(owner, moved, step_up_password=OWNER_PASSWORD).applied
    assert phone() == "13912345699"
    # the CLI (a trusted local entry point, no sign-in session) applies it without asking
    assert apply(shop, {"version": 1, "subaccounts": [{"name": "小美", "bound_phone": "13912345600"}]}).applied
