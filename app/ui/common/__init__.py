"""Widgets every panel uses: the Panel base, the row table model and filter proxy, cards and tiles, the theme."""
