"""Every rule of the shop, one package per area (see docs/DEVELOPING.md). Never imports Qt."""
