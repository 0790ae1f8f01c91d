"""Qt tests driven by pytest-qt (offscreen)."""
