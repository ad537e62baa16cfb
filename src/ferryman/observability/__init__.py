"""Logs with a field allow-list (and, later, metrics with closed label sets and traces)."""
