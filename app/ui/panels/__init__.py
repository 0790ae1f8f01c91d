"""Panels, one per area. `registry.PANELS` lists them; only the ones that exist are shown."""
