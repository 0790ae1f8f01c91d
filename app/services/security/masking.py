"""Masks for what the log may show of personal data."""

from __future__ import annotations


def mask_phone(phone: str | None) -> str:
    """`138****0000`; short or empty values keep only their last two characters."""
    text = (phone or "").strip()
    if len(text) >= 11:
        return f"{text[:3]}****{text[-4:]}"
    if not text:
        return ""
    return "*" * max(0, len(text) - 2) + text[-2:]


def mask_login(login: str) -> str:
    """A typed login for the log: phones masked, anything else cut to 40 characters."""
    text = (login or "").strip()
    digits = text.replace(" ", "").replace("-", "").lstrip("+")
    if digits.isdigit() and len(digits) >= 7:
        return mask_phone(digits[-11:])
    return text[:40]
