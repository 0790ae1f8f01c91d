"""The routing settings panel (分流设置)."""
