"""安全设置: the security panel, its tabs and the security dialogs (password, lock, phone, two-step)."""
