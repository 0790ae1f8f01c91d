"""ORM models (typed `Mapped[]`), one module per area; importing this registers them all."""

from app.models import accounts, audit, conversations, routing, shop  # noqa: F401
from app.models.base import Base

__all__ = ["Base"]
