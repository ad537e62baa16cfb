"""What a scan returns: a score, the closed set of categories, and where the offence sits.

The verdict carries offsets, never text: a caller that wants to strip the offending segments
cuts them out of the text it already holds, and nothing here can leak content into a log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["CATEGORIES", "DEFAULT_THRESHOLD", "Category", "Source", "Verdict"]

#: who wrote the text: the user, the operator's system prompt, a tool result, a pasted or
#: retrieved document, or an earlier assistant turn
Source = Literal["user", "system", "tool", "document", "assistant"]

Category = Literal[
    "instruction_override",
    "role_play",
    "prompt_extraction",
    "fake_delimiter",
    "tool_hijack",
    "exfiltration",
    "encoded_payload",
    "invisible_text",
]

#: every category a verdict can name, in a stable order (used for reporting and metrics labels)
CATEGORIES: tuple[Category, ...] = (
    "instruction_override",
    "role_play",
    "prompt_extraction",
    "fake_delimiter",
    "tool_hijack",
    "exfiltration",
    "encoded_payload",
    "invisible_text",
)

#: a score at or above this is an injection (the corpus was tuned for this cut)
DEFAULT_THRESHOLD = 0.5

INDIRECT_SOURCES: frozenset[str] = frozenset({"tool", "document"})


@dataclass(frozen=True, slots=True)
class Verdict:
    """How likely a text tries to take over the model, and why.

    ``score`` is in ``[0, 1]``; ``categories`` name the evidence (closed set, sorted in
    :data:`CATEGORIES` order); ``spans`` are ``[start, end)`` offsets of the offending segments
    in the original text, merged and sorted; ``indirect`` is true for tool results and
    documents, where the text did not come from the person asking.
    """

    score: float
    categories: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    indirect: bool

    @property
    def injection(self) -> bool:
        return self.score >= DEFAULT_THRESHOLD


CLEAN = Verdict(0.0, (), (), False)
