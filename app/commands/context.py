"""What a sub-command's `run(args, ctx)` receives, as a Protocol.

`app.cli.CommandContext` is the one implementation. The commands name this Protocol instead of
importing `app.cli`, which reaches the GUI (lazily) and would tie the command line to Qt in the
import graph."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from app.services.container import Services


class CommandContext(Protocol):
    db_url: str

    def services(self) -> Services:
        """The shop's services, opened (and migrated) on first use."""
        ...

    def close(self) -> None: ...
