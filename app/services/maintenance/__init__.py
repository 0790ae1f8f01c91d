"""Keeping a shop's data safe and movable, without Qt:

- `backup`: consistent online copies of a SQLite shop (SQLite backup API), checked restores,
  the daily automatic backup and the copy taken before every schema migration;
- `dbcopy`: moving a whole shop to another, empty database (SQLite ⇄ PostgreSQL);
- `connection`: testing a database address (server version, latency) before switching to it;
- `selftest`: the installed program's self-checks that need no screen (`zhanggui --self-test`);
- `settings`: the per-user settings file (chosen database without its password, backups kept).
"""
