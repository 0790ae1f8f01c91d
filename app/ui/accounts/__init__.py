"""Panels for sub-accounts (子账号) and roles (角色管理), with their dialogs and the permission tree."""
