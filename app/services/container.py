"""The services one console uses, over one database. Panels receive what they need from it."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from app.services.accounts.credentials import CredentialStore
from app.services.common.clock import Clock
from app.services.common.database import Database

if TYPE_CHECKING:
    from app.services.accounts.auth import AuthService
    from app.services.accounts.permissions import Actor
    from app.services.accounts.roles import RoleService
    from app.services.accounts.shop import ShopService
    from app.services.accounts.subaccounts import SubAccountService
    from app.services.conversations.imports import ImportService
    from app.services.live.background import BackgroundSimulator
    from app.services.live.service import LiveService
    from app.services.realtime.service import RealtimeService
    from app.services.reporting.monitoring import MonitoringService
    from app.services.reporting.overview import OverviewService
    from app.services.reporting.reports import ReportService
    from app.services.routing.service import RoutingService
    from app.services.security.service import SecurityService
    from app.services.shopfile.service import ShopFileService


class Services:
    def __init__(self, db: Database, credentials: CredentialStore | None = None) -> None:
        self.db = db
        self.credentials = credentials or CredentialStore()
        self._simulator: BackgroundSimulator | None = None
        # other consoles hear of this one's changes and this one of theirs (common.notify)
        from app.services.common.notify import attach

        self.notifier = attach(db)
        if db.is_sqlite:  # rows a killed import left, hidden until now
            from app.services.conversations.staged_import import discard_if_abandoned

            discard_if_abandoned(db)
        self._keep_log_head_in_keyring()

    @classmethod
    def open(cls, url: str, credentials: CredentialStore | None = None, clock: Clock | None = None) -> Services:
        return cls(Database(url, clock=clock), credentials)

    @property
    def clock(self) -> Clock:
        return self.db.clock

    @cached_property
    def shop(self) -> ShopService:
        from app.services.accounts.shop import ShopService

        return ShopService(self.db)

    @cached_property
    def auth(self) -> AuthService:
        from app.services.accounts.auth import AuthService

        return AuthService(self.db)

    def simulator(self, actor: Actor) -> BackgroundSimulator:
        """The console's one background simulator (the demo shop's traffic), made on first
        use; it never answers for `actor`, whom a person drives. A daemon thread: it ends
        with the process or at `stop()`, and after the database closes at its next tick."""
        if self._simulator is None:
            from app.services.live.background import DEMO_CONFIG, BackgroundSimulator

            timezone = self.shop.info().timezone
            self._simulator = BackgroundSimulator(self.live, actor, DEMO_CONFIG, timezone, frozenset({actor.nick}))
        return self._simulator

    def close(self) -> None:
        if self.notifier is not None:
            self.notifier.close()
        from app.services.common import audit

        audit.keep_heads_in(self.db.engine, None)
        self.db.dispose()

    def _keep_log_head_in_keyring(self) -> None:
        """After each commit that extends the operation log, its head goes to the OS keyring
        (when there is one): `audit verify` then catches even a log cut at its newest end."""
        from app.services.common import audit

        store, scope = self.credentials, self.db.display_url
        audit.keep_heads_in(self.db.engine, lambda seq, digest: store.save_head(scope, seq, digest))

    @cached_property
    def security(self) -> SecurityService:
        from app.services.security.service import SecurityService

        return SecurityService(self.db)

    @cached_property
    def overview(self) -> OverviewService:
        from app.services.reporting.overview import OverviewService

        return OverviewService(self.db)

    # Area services. Each lives in its own module, imported on first use.
    @cached_property
    def accounts(self) -> SubAccountService:
        from app.services.accounts.subaccounts import SubAccountService

        return SubAccountService(self.db, self.credentials)  # the ID key lives in this keyring

    @cached_property
    def roles(self) -> RoleService:
        from app.services.accounts.roles import RoleService

        return RoleService(self.db)

    @cached_property
    def routing(self) -> RoutingService:
        from app.services.routing.service import RoutingService

        return RoutingService(self.db)

    @cached_property
    def live(self) -> LiveService:
        from app.services.live.service import LiveService

        return LiveService(self.db, self.routing)

    @cached_property
    def imports(self) -> ImportService:
        from app.services.conversations.imports import ImportService

        return ImportService(self.db)

    @cached_property
    def reports(self) -> ReportService:
        from app.services.reporting.reports import ReportService

        return ReportService(self.db)

    @cached_property
    def monitoring(self) -> MonitoringService:
        from app.services.reporting.monitoring import MonitoringService

        return MonitoringService(self.db)

    @cached_property
    def shopfile(self) -> ShopFileService:
        from app.services.shopfile.service import ShopFileService

        return ShopFileService(self.db)

    @cached_property
    def realtime(self) -> RealtimeService:
        from app.services.realtime.service import RealtimeService

        return RealtimeService(self.db)
