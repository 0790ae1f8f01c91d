"""Alembic environment: runs on the engine the app hands over, in batch mode for SQLite."""

from alembic import context

from app.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite can only alter tables by copying them
        compare_type=True,
    )
    context.run_migrations()
