"""实时数据: the live dashboard (tiles, live tables, why buyers wait, charts, alerts, wall mode)."""
