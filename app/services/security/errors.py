"""Refusals of a signed-in session or a sign-in; all are `AuthError`s (a `UserError`)."""

from __future__ import annotations

from app.services.common.errors import AuthError


class SessionRefused(AuthError):
    """The signed-in session may not act now; the window's session guard shows why (sign out,
    lock screen, new password), so panels need not report it themselves."""


class SessionEnded(SessionRefused):
    """The session was ended (signed out elsewhere, frozen, deleted, switched, ended by the owner)."""


class SessionLocked(SessionRefused):
    """The console locked itself after idling; unlocking needs the password."""


class PasswordChangeRequired(SessionRefused):
    """Signed in with a one-time password: nothing else until a new one is chosen."""


class TwoStepRequired(AuthError):
    """The password was right; the main account's authenticator code is needed too."""
