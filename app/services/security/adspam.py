"""Ad-spam guard: a sub-account whose sent messages the ad filter flags too often is frozen.

Platforms ban a shop whose staff keep sending ads (频繁发送广告会导致封禁); freezing the
account at once stops it. The rate is the shop's policy (`ad_limit` flagged messages within
`ad_window_min` minutes; a sub-account may have its own), the reason is logged, the owner
sees an alert on the home panel, and only the owner (or who may freeze) unfreezes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.models.accounts import Account
from app.models.conversations import Message
from app.models.security import SecurityAlert
from app.models.vocabulary import AccountKind, AccountStatus, Sender
from app.services.common import audit
from app.services.security import signin
from app.services.security.policy import effective_policy

AD_SPAM_FREEZE = "ad_spam_freeze"


def check_ad_spam(session: Session, account_id: int, at: datetime) -> bool:
    """Freeze `account_id` if its sent messages flagged as ads within the policy's window
    ending at `at` reached the limit; True when it froze the account now.

    Contract for the message path: call it in the same unit of work, *after* the agent's
    message is stored with the ad filter's verdict (`Message.ad_auto`, `sender="agent"`,
    `agent_nick` = the account's nick, `sent_at` = `at`). It does nothing for the main
    account, an account already frozen or deleted, or a message count under the limit. On
    freezing it ends the account's sessions, hands its open conversations back to routing,
    records `security.ad_spam_freeze` in the operation log and raises a home-panel alert;
    the caller should then refuse further sends from that account (its actor's next
    `require()` fails anyway).
    """
    account = session.get(Account, account_id)
    if account is None or account.kind == AccountKind.MAIN or account.status != AccountStatus.ACTIVE:
        return False
    policy = effective_policy(session, account_id)
    since = at - timedelta(minutes=policy.ad_window_min)
    flagged = session.scalar(
        select(func.count()).select_from(Message).where(
            Message.agent_nick == account.nick,
            Message.sender == Sender.AGENT,
            Message.sent_at > since,
            Message.sent_at <= at,
            or_(Message.ad_manual.is_(True), (Message.ad_manual.is_(None) & Message.ad_auto.is_(True))),
        )
    ) or 0
    if flagged < policy.ad_limit:
        return False
    freeze_for_ads(session, account, at, flagged, policy.ad_limit, policy.ad_window_min)
    return True


def freeze_for_ads(session: Session, account: Account, at: datetime, flagged: int, limit: int, window: int) -> None:
    from app.models.accounts import SignInSession
    from app.services.routing.handover import release_agent

    account.status = AccountStatus.FROZEN
    account.frozen_at = at
    session.flush()
    moved = release_agent(session, account.id, now=at)
    for record in session.scalars(
        select(SignInSession).where(SignInSession.account_id == account.id, SignInSession.ended_at.is_(None))
    ):
        signin.end(record, "frozen", at)
    detail = {"flagged": flagged, "limit": limit, "window_min": window, "moved": moved}
    session.add(SecurityAlert(at=at, account_id=account.id, kind=AD_SPAM_FREEZE, detail={"nick": account.nick, **detail}))
    audit.record(session, None, "security.ad_spam_freeze", account.nick, **detail)
