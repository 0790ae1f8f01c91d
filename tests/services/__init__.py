"""Service tests against a real database (SQLite, and PostgreSQL when TEST_PG_URL is set)."""
