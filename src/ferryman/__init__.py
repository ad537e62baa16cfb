"""ferryman: a security gateway for AI API calls.

The detection and redaction engine is importable on its own, for batch jobs that must redact
with the same policy as the gateway::

    import ferryman
    ferryman.redact("Mail jane.doe@example.com")      # -> 'Mail <EMAIL_1>'
    ferryman.detect("Mail jane.doe@example.com")      # -> [Finding(5, 25, 'EMAIL', ...)]

Heavy parts (recognizers, lexicons) load on first use, so ``import ferryman`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ferryman.core.finding import Finding

__version__ = "0.1.0"

__all__ = ["__version__", "detect", "redact"]


def detect(text: str) -> list[Finding]:
    """Every sensitive value in ``text``: findings with ``start``, ``end`` (offsets into
    ``text``) and ``type``, sorted and non-overlapping. Values themselves are not returned."""
    from ferryman.detection.registry import default_engine

    return default_engine().detect(text)


def redact(text: str, policy: Any = None) -> str:
    """``text`` with every finding the policy does not ``allow`` replaced by its mask, pseudonym
    or hash token (request-side actions; ``block`` masks, as there is no request to refuse).

    ``policy`` is a policy name from the config in ``$FERRYMAN_CONFIG``, a
    :class:`~ferryman.transform.policy.Policy`, or ``None`` for the default policy.
    """
    from ferryman.transform.library import redact_text

    return redact_text(text, policy)
