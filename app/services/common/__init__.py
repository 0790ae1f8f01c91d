"""What every area shares: errors a user can act on, the operation log, the database and its units of work, shop time, input validation."""
