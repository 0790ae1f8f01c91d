"""The home panel (工作台)."""
