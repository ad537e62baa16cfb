"""Audit sinks: where events are written (database, JSON lines, OpenTelemetry)."""
