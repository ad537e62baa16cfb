"""Bring-your-own classifiers: combine a local model's score with the built-in scanner.

The built-in scanner needs no model and is what runs by default. A deployment with a local
prompt-injection classifier (ONNX, transformers) adds it through :class:`Classifier`; the
scores combine by noisy-OR, ``1 - (1 - builtin) · Π (1 - classifier)``, so a confident model
can raise a verdict the phrases missed, and no classifier can *lower* what the phrases found
(an attacker who fools the model still meets the rules). Categories and spans come from the
built-in scan: classifiers give a probability only.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ferryman.detection.injection.scanner import scan
from ferryman.detection.injection.verdict import Source, Verdict
from ferryman.errors import ConfigError

__all__ = ["Classifier", "HuggingFaceClassifier", "scan_with"]


@runtime_checkable
class Classifier(Protocol):
    """A model that scores a text's injection probability in ``[0, 1]``."""

    name: str

    def score(self, text: str, source: Source) -> float: ...


def scan_with(text: str, source: Source, classifiers: Sequence[Classifier]) -> Verdict:
    """The built-in verdict with the classifiers' scores folded in by noisy-OR."""
    verdict = scan(text, source)
    miss = 1.0 - verdict.score
    for c in classifiers:
        p = min(1.0, max(0.0, float(c.score(text, source))))
        miss *= 1.0 - p
    score = round(1.0 - miss, 4)
    if score == verdict.score:
        return verdict
    return Verdict(score, verdict.categories, verdict.spans, verdict.indirect)


class HuggingFaceClassifier:
    """A transformers ``text-classification`` pipeline loaded from a local directory.

    Nothing is downloaded: the model loads with ``local_files_only=True`` and a missing
    directory or a missing ``transformers`` install is a :class:`ConfigError`. ``positive``
    names the label that means "injection" (``INJECTION`` for the common public checkpoints).
    ``pipeline_factory`` exists for tests and for callers that build the pipeline themselves.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        positive: str = "INJECTION",
        name: str = "huggingface",
        max_chars: int = 4000,
        pipeline_factory: Callable[..., Any] | None = None,
    ) -> None:
        self.name = name
        self.positive = positive.lower()
        self.max_chars = max_chars
        self._path = Path(path)
        self._factory = pipeline_factory
        self._pipe: Any = None

    def _load(self) -> Any:
        if self._pipe is not None:
            return self._pipe
        if not self._path.is_dir():
            raise ConfigError("injection classifier: model directory not found")
        factory = self._factory
        if factory is None:
            try:
                factory = importlib.import_module("transformers").pipeline
            except ImportError as exc:
                raise ConfigError("injection classifier: transformers is not installed") from exc
        try:
            self._pipe = factory(
                "text-classification",
                model=str(self._path),
                tokenizer=str(self._path),
                local_files_only=True,
                top_k=None,
            )
        except (OSError, ValueError) as exc:
            raise ConfigError("injection classifier: the model could not be loaded") from exc
        return self._pipe

    def score(self, text: str, source: Source) -> float:
        out = self._load()(text[: self.max_chars], truncation=True)
        rows = out[0] if out and isinstance(out[0], list) else out
        for row in rows:
            if str(row.get("label", "")).lower() == self.positive:
                return float(row.get("score", 0.0))
        return 0.0
