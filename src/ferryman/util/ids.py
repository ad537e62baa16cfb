"""Unique, non-secret identifiers (request ids, audit event ids, lease ids), cheaply.

A random per-process prefix and a counter: unique across processes and instances, ordered within
a process, and without a ``getrandom()`` system call per request (``os.urandom`` costs ~20 us
here). Never use these where unpredictability matters (secrets, canaries): use ``secrets``.
"""

from __future__ import annotations

import itertools
import os
import secrets

__all__ = ["unique_id"]

_PROCESS = [os.getpid(), secrets.token_hex(6)]
_COUNTER = itertools.count(1)


def unique_id() -> str:
    """24 hex characters (a 48-bit random process prefix, a 48-bit counter)."""
    if _PROCESS[0] != os.getpid():  # a forked worker gets a prefix of its own
        _PROCESS[:] = [os.getpid(), secrets.token_hex(6)]
    return f"{_PROCESS[1]}{next(_COUNTER) & 0xFFFFFFFFFFFF:012x}"
