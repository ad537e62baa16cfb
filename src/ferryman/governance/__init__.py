"""Governance tools: secret scanning, red-team verification, data-flow inventory, kill switch."""
