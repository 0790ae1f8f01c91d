"""Pure tests: no database, no Qt, no subprocess."""
