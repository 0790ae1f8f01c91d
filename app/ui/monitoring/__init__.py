"""The monitoring panel (监控查询): performance tiles and table, charts, chat search, operation log and attendance."""
