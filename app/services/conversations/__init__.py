"""Conversations and their messages: the history imports and the stored report summaries every message writer keeps current."""
