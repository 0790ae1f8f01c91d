"""Zhanggui (掌柜): an offline-first workstation for Taobao-style shops."""

__version__ = "0.1.0"
