"""Names shared by several settings modules."""

from __future__ import annotations

import re

__all__ = ["ENV_NAME"]

ENV_NAME = re.compile(r"[a-z][a-z0-9-]{0,15}")
