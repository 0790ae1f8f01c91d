"""Errors a user can act on. Their message is already in the user's language.

The CLI maps every `UserError` to exit code 2; the GUI shows the message as is.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a refused action; nothing was changed."""

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        # e.g. one `line N: reason` per bad line of an import
        self.details = details or []

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """A field or file failed validation."""


class PermissionDenied(UserError):
    """The acting account may not do this."""


class NotFound(UserError):
    pass


class Conflict(UserError):
    """Duplicate nick/phone, quota reached, a role still in use, …"""


class AuthError(UserError):
    """Sign-in refused (wrong password, locked, frozen, …)."""


class DatabaseError(UserError):
    """The database cannot be reached, is corrupt, or is from a newer version."""


class SchemaTooNew(DatabaseError):
    pass


class Busy(DatabaseError):
    """Another writer held the lock longer than this one would wait; nothing was changed,
    and trying again later will work (the GUI offers a retry)."""
