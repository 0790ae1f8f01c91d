"""ORM models (typed `Mapped[]`), one module per area.

`from app.models import Base` registers every model on `Base.metadata`. The import is lazy
so that light paths (start-up's schema check, which only needs `app.models.migrations`) do
not pay for SQLAlchemy's ORM.
"""

from __future__ import annotations

from typing import Any

_AREAS = ("accounts", "audit", "conversations", "live", "reporting", "routing", "security", "shop")


def __getattr__(name: str) -> Any:
    if name == "Base":
        import importlib

        for area in _AREAS:
            importlib.import_module(f"app.models.{area}")
        from app.models.base import Base

        return Base
    raise AttributeError(name)


__all__ = ["Base"]
