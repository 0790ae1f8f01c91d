"""Figures over stored conversations: the §4 metric definitions, per-agent reports, monitoring queries and the home overview."""
