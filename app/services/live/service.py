"""`LiveService`: the one entry point of the live shop. `apply(actor, event)` is what
`ingest`, the simulator and the reception workbench all call; the workbench's actions
(reply, transfer, close, status) are built into the same events here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.i18n import _
from app.models.accounts import Account
from app.models.conversations import Message
from app.models.live import LiveCursor
from app.models.shop import Setting, Shop
from app.models.vocabulary import AccountStatus, ConversationStatus, Device, Sender
from app.services.accounts.permissions import Actor
from app.services.common import audit
from app.services.common.changes import Area
from app.services.common.database import Database, retry_races
from app.services.common.errors import NotFound, PermissionDenied, ValidationError
from app.services.common.validation import check_session_timeout
from app.services.conversations import writer
from app.services.live import apply as core
from app.services.live import autoreplies, phrases, reading
from app.services.live.events import GROUP_PREFIX, LiveEvent
from app.services.routing.service import RoutingService

SETTINGS_KEY = "reception"  # {"slow_response_s": 100} (also read by app.services.realtime)
DEFAULT_SLOW_S = 100


@dataclass(frozen=True)
class LiveSettings:
    session_timeout_min: int
    slow_response_s: int


@dataclass(frozen=True)
class AgentQueue:
    """One agent's place in the supervisor view."""

    account_id: int
    nick: str
    name: str
    status: str
    open: int
    waiting: int


class LiveService:
    def __init__(self, db: Database, routing: RoutingService) -> None:
        self.db = db
        self.routing = routing

    def _publish(self, areas: set[str] | frozenset[str]) -> None:
        """Tell the panels (and other consoles) what a committed event changed."""
        self.db.changes.publish(areas)

    # -- events -------------------------------------------------------------------------------
    def apply(self, actor: Actor, event: LiveEvent) -> core.Applied:
        """Apply one §7 event in its own transaction; an `EventError` (or any UserError)
        changes nothing. Publishes what changed. On PostgreSQL a unit that lost a race
        for the same stored figures to another console's (a duplicate key) runs again."""
        _may_act(actor)

        def unit() -> core.Applied:
            with self.routing.transaction() as lt:
                return core.apply_event(lt, event, actor)

        done = retry_races(unit)
        if done.areas:
            self._publish(done.areas)
        return done

    def tick(self, actor: Actor, at: datetime | None = None) -> list[int]:
        """Close conversations idle for the session timeout (a console's timer)."""
        if not any(actor.can(c) for c in ("cs.reception", "cs.routing", "data.realtime")):
            actor.require("cs.reception")
        at = at or self.db.clock.now()
        if not self._any_idle(at):  # the usual case: no routing transaction (no lock, no clock bump)
            return []
        with self.routing.transaction() as lt:
            closed = core.tick(lt, at)
        if closed:
            self._publish({Area.CONVERSATIONS})
        return closed

    def _any_idle(self, at: datetime) -> bool:
        from datetime import timedelta

        from app.models.conversations import Conversation

        with self.db.read() as s:
            shop = s.get(Shop, 1)
            cut = at - timedelta(minutes=shop.session_timeout_min if shop else 30)
            return s.scalar(select(Conversation.id).where(
                Conversation.status.in_(reading.LIVE_STATES), Conversation.last_message_at <= cut).limit(1)) is not None

    def now(self) -> datetime:
        """The clock's now, never before the newest stored event (events keep their order)."""
        now = self.db.clock.now()
        with self.db.read() as s:
            last = s.scalar(select(LiveCursor.last_event_at).where(LiveCursor.id == 1))
        return max(now, last) if last is not None else now

    def newest_event(self) -> datetime | None:
        with self.db.read() as s:
            return s.scalar(select(LiveCursor.last_event_at).where(LiveCursor.id == 1))

    # -- the workbench's actions, as events -----------------------------------------------------
    def _conv(self, conversation_id: int) -> tuple[str, str, int | None]:
        with self.db.read() as s:
            found = reading.holders(s, conversation_id)
        if found is None:
            raise NotFound(_("会话不存在：{id}").format(id=conversation_id))
        return found

    def reply(self, actor: Actor, conversation_id: int, text: str) -> core.Applied:
        _may_act(actor)
        text = (text or "").strip("\n")
        if not text.strip():
            raise ValidationError(_("消息不能为空"))
        buyer, _status, _agent = self._conv(conversation_id)
        return self.apply(actor, LiveEvent("message", self.now(), buyer=buyer, sender=Sender.AGENT, text=text))

    def transfer(self, actor: Actor, conversation_id: int, to: str, note: str = "") -> core.Applied:
        """`to`: a full nick, or "group:NAME"."""
        _may_act(actor)
        buyer, _status, _agent = self._conv(conversation_id)
        return self.apply(actor, LiveEvent("transfer", self.now(), buyer=buyer, to=to, note=(note or "").strip()))

    def close(self, actor: Actor, conversation_id: int) -> core.Applied:
        _may_act(actor)
        buyer, _status, _agent = self._conv(conversation_id)
        return self.apply(actor, LiveEvent("close", self.now(), buyer=buyer))

    def take_over(self, actor: Actor, conversation_id: int) -> core.Applied:
        """A supervisor takes a conversation over from its agent."""
        if not any(actor.can(c) for c in core.SUPERVISE):
            actor.require(core.SUPERVISE[0])
        return self.transfer(actor, conversation_id, actor.nick, _("主管接手"))

    def set_status(self, actor: Actor, status: str, device: str = Device.DESKTOP,
                   nick: str | None = None) -> core.Applied:
        """在线 / 挂起 / 离线 of the actor (or of `nick`, for who may edit routing)."""
        return self.apply(actor, LiveEvent("presence", self.now(), agent=nick or actor.nick, status=status,
                                           device=device))

    # -- reading --------------------------------------------------------------------------------
    def my_conversations(self, actor: Actor, agent_id: int | None = None) -> list[reading.ConvRow]:
        """Open and queued conversations of the actor, or of `agent_id` (0: the whole shop) for
        the main account and supervisors (data.realtime)."""
        if agent_id is None or agent_id == actor.account_id:
            actor.require("cs.reception")
            who: int | None = actor.account_id
        else:
            actor.require("data.realtime")
            who = None if agent_id == 0 else agent_id
        with self.db.read() as s:
            return reading.live_rows(s, who)

    def transcript(self, actor: Actor, conversation_id: int) -> reading.Transcript:
        if not any(actor.can(c) for c in ("cs.reception", "data.realtime", "cs.history")):
            actor.require("cs.reception")
        with self.db.read() as s:
            found = reading.transcript(s, conversation_id)
            if found is None:
                raise NotFound(_("会话不存在：{id}").format(id=conversation_id))
            if found.conversation.agent_id != actor.account_id and not actor.can("data.realtime") \
                    and not actor.can("cs.history"):
                raise PermissionDenied(_("只能查看自己接待的会话"))
            return found

    def my_status(self, actor: Actor) -> str:
        """The actor's own 在线 / 挂起 / 离线."""
        from app.models.routing import AgentPresence

        with self.db.read() as s:
            row = s.get(AgentPresence, actor.account_id)
            return row.status if row is not None else "offline"

    def transfer_targets(self, actor: Actor) -> list[tuple[str, str, bool]]:
        """(label, `to` of a transfer event, can take it now) for every routed agent and
        group: the transfer dialog's choices."""
        actor.require("cs.reception")
        from app.services.routing import engine as eng
        from app.services.routing.state import load_state

        with self.db.read() as s:
            state = load_state(s)
        out: list[tuple[str, str, bool]] = []
        for g in state.ordered_groups():
            out.append((eng.group_label(g), GROUP_PREFIX + g.name, state.group_lit(g.id) or bool(state.signed_in(g.id))))
            for a in state.members(g.id):
                if a.id == actor.account_id:
                    continue
                ok = state.routable(a) and state.has_room(a)
                label = f"    {a.name}  {eng.status_label(a.status)}  {a.load}/{a.capacity}"
                out.append((label, a.nick, ok))
        return out

    def agent_queues(self, actor: Actor) -> list[AgentQueue]:
        """Every agent who holds conversations or is signed in, for the supervisor view."""
        actor.require("data.realtime")
        with self.db.read() as s:
            rows = reading.live_rows(s, None)
            from app.models.routing import AgentPresence

            accounts = s.execute(
                select(Account.id, Account.nick, AgentPresence.status)
                .outerjoin(AgentPresence, AgentPresence.account_id == Account.id)
                .where(Account.status == AccountStatus.ACTIVE)
            ).all()
        out = []
        for account_id, nick, status in accounts:
            mine = [r for r in rows if r.agent_id == account_id and r.status == ConversationStatus.OPEN]
            if mine or (status and status != "offline"):
                out.append(AgentQueue(account_id, nick, reading.short(nick), status or "offline", len(mine),
                                      sum(1 for r in mine if r.waiting_since is not None)))
        return sorted(out, key=lambda a: a.nick)

    def mark_ad(self, actor: Actor, message_id: int, is_ad: bool | None) -> None:
        """Flag (True) or clear (False) a buyer message as an ad by hand, or hand the verdict back
        to the ad filter (None). The report summaries follow."""
        actor.require("cs.reception")
        with self.db.session() as s:
            message = s.get(Message, message_id)
            if message is None:
                raise NotFound(_("消息不存在"))
            if message.sender != Sender.BUYER:
                raise ValidationError(_("只有买家消息可以标记为广告"))
            conv = message.conversation
            if conv.agent_id != actor.account_id and not actor.can("data.realtime"):
                raise PermissionDenied(_("只能标记自己接待的会话里的消息"))
            message.ad_manual = is_ad
            s.flush()
            writer.forget_summary(s.connection(), conv.id)
            audit.record(s, actor, "live.mark_ad", conv.buyer_nick, message=message_id, is_ad=is_ad)
        self._publish({Area.CONVERSATIONS, Area.ADS})

    def buyer_state(self, actor: Actor, buyer: str) -> tuple[str, str] | None:
        """(status, agent nick) of the buyer's open or queued conversation, or None."""
        actor.require("cs.routing")
        from sqlalchemy import select as sel

        from app.models.conversations import Conversation

        with self.db.read() as s:
            row = s.execute(
                sel(Conversation.status, Account.nick).outerjoin(Account, Account.id == Conversation.agent_id)
                .where(Conversation.buyer_nick == buyer, Conversation.source == "live")
                .order_by(Conversation.id.desc()).limit(1)
            ).first()
        if row is None or row[0] not in reading.LIVE_STATES:
            return None
        return str(row[0]), str(row[1] or "")

    def record_order(self, actor: Actor, buyer: str, order_id: str, amount: object, paid_at: datetime) -> None:
        """An order paid by a buyer (the simulator's; imports are the usual way)."""
        actor.require("cs.routing")
        from decimal import Decimal

        from app.models.conversations import Order
        from app.services.conversations import summaries

        with self.db.session() as s:
            s.merge(Order(order_id=order_id, buyer_nick=buyer, paid_at=paid_at, amount=Decimal(str(amount))))
            s.flush()
            summaries.refresh_buyers(s.connection(), [buyer])

    def record_rating(self, actor: Actor, buyer: str, rating: int, at: datetime) -> None:
        """客服评价 of the buyer's latest conversation (the latest rating wins)."""
        actor.require("cs.routing")
        from app.models.conversations import Conversation, Rating

        with self.db.session() as s:
            conv_id = s.scalar(select(Conversation.id).where(Conversation.buyer_nick == buyer)
                               .order_by(Conversation.id.desc()).limit(1))
            if conv_id is not None:
                s.merge(Rating(conversation_id=conv_id, rating=int(rating), updated_at=at))

    # -- settings -------------------------------------------------------------------------------
    def settings(self, actor: Actor) -> LiveSettings:
        actor.require("cs.reception")
        with self.db.read() as s:
            return _settings(s)

    def update_settings(self, actor: Actor, *, session_timeout_min: int | None = None,
                        slow_response_s: int | None = None) -> LiveSettings:
        actor.require("cs.routing")
        with self.db.session() as s:
            if session_timeout_min is not None:
                shop = s.get(Shop, 1)
                if shop is not None:
                    shop.session_timeout_min = check_session_timeout(session_timeout_min)
            if slow_response_s is not None:
                if not isinstance(slow_response_s, int) or not 10 <= slow_response_s <= 3600:
                    raise ValidationError(_("慢响应提醒必须在 10 到 3600 秒之间"))
                row = s.get(Setting, SETTINGS_KEY)
                value = dict(row.value) if row is not None and isinstance(row.value, dict) else {}
                value["slow_response_s"] = slow_response_s
                if row is None:
                    s.add(Setting(key=SETTINGS_KEY, value=value))
                else:
                    row.value = value
            s.flush()
            core._TIMEOUT.clear()
            out = _settings(s)
            audit.record(s, actor, "live.settings", "", session_timeout_min=out.session_timeout_min,
                         slow_response_s=out.slow_response_s)
        self._publish({Area.SETTINGS})
        return out

    def auto_replies(self, actor: Actor) -> list[autoreplies.AutoReplyRow]:
        actor.require("cs.reception")
        with self.db.read() as s:
            return autoreplies.read(s)

    def set_auto_replies(self, actor: Actor, rows: list[autoreplies.AutoReplyRow]) -> None:
        actor.require("cs.routing")
        with self.db.session() as s:
            autoreplies.replace_all(s, rows)
            audit.record(s, actor, "live.auto_replies", "", rules=len(rows))
        self._publish({Area.ROUTING})

    # -- quick phrases ----------------------------------------------------------------------------
    def phrases(self, actor: Actor, search: str = "") -> list[phrases.PhraseRow]:
        actor.require("cs.reception")
        with self.db.read() as s:
            return phrases.visible(s, actor, search)

    def save_phrase(self, actor: Actor, phrase_id: int | None = None, *, personal: bool = True,
                    category: str = "", code: str = "", content: str = "") -> int:
        actor.require("cs.reception")
        with self.db.session() as s:
            return phrases.save(s, actor, phrase_id, personal=personal, category=category, code=code,
                                content=content)

    def delete_phrase(self, actor: Actor, phrase_id: int) -> None:
        actor.require("cs.reception")
        with self.db.session() as s:
            phrases.remove(s, actor, phrase_id)

    def use_phrase(self, actor: Actor, phrase_id: int, conversation_id: int | None = None) -> str:
        """The phrase's text with {买家} {客服} {店铺} filled for this conversation; counts a use."""
        actor.require("cs.reception")
        with self.db.session() as s:
            text = phrases.used(s, actor, phrase_id)
            shop = s.get(Shop, 1)
            buyer = ""
            if conversation_id is not None:
                found = reading.holders(s, conversation_id)
                buyer = found[0] if found else ""
            return autoreplies.fill(text, buyer=buyer, agent=actor.nick, shop=shop.name if shop else "")


def _settings(s: object) -> LiveSettings:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    shop = s.get(Shop, 1)
    row = s.get(Setting, SETTINGS_KEY)
    value = row.value if row is not None and isinstance(row.value, dict) else {}
    return LiveSettings(shop.session_timeout_min if shop else 30, int(value.get("slow_response_s", DEFAULT_SLOW_S)))


__all__ = ["GROUP_PREFIX", "LiveService", "LiveSettings"]


def _may_act(actor: Actor) -> None:
    """Checked before anything is looked up: an agent acts on the conversations it holds, a
    supervisor or the routing manager on any (the event then checks which)."""
    if not actor.can("cs.reception") and not any(actor.can(c) for c in core.SUPERVISE):
        actor.require("cs.reception")
