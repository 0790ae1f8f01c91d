"""Alembic environment: runs on the engine the app hands over, in batch mode for SQLite."""

from alembic import context

from app.models import Base
from app.models.migrations import compared

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite can only alter tables by copying them
        compare_type=True,
        include_object=compared(engine.dialect.name),
    )
    context.run_migrations()
