"""Refusals of a signed-in session or a sign-in; all are `AuthError`s (a `UserError`)."""

from __future__ import annotations

from app.services.common.errors import AuthError


class SessionEnded(AuthError):
    """The session was ended (signed out elsewhere, frozen, deleted, switched, ended by the owner)."""


class SessionLocked(AuthError):
    """The console locked itself after idling; unlocking needs the password."""


class PasswordChangeRequired(AuthError):
    """Signed in with a one-time password: nothing else until a new one is chosen."""


class TwoStepRequired(AuthError):
    """The password was right; the main account's authenticator code is needed too."""
