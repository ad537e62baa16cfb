"""Optional NER backends: a named-entity model as one more recognizer, only when configured.

The built-in recognizers find people and addresses with lexicons, patterns and context; a
statistical model finds names they miss (unusual names, names without a cue word). It is off by
default and never on the default path: a model costs milliseconds per KB of text on a CPU
(tens of ms for a long prompt), needs hundreds of MB of memory, and importing spaCy alone takes
about half a second. Turn it on when the recall is worth that cost.

Load one with :func:`load_ner`::

    recognizer = load_ner("spacy", "en_core_web_sm", None)         # an installed model package
    recognizer = load_ner("spacy", "/srv/models/ner", {"PER": "PERSON", "FAC": "STREET_ADDRESS"})
    engine = Engine([*default_recognizers(), recognizer])

- ``model`` is an installed model package or a pipeline directory (``nlp.to_disk``). Nothing is
  ever downloaded at run time: a missing package, directory or library is a :class:`ConfigError`
  that names it, raised at startup.
- ``labels`` maps the model's entity labels to ferryman types (:data:`NER_TYPES`); it replaces
  :data:`DEFAULT_LABELS` (person labels only). Location labels are not mapped by default:
  ``GPE``/``LOC`` are cities and countries, not street addresses; ``FAC`` may be opted in.
- Only the components NER needs are loaded (tagger, parser, lemmatizer and the like are
  excluded), so an ``entity_ruler`` pattern that depends on tags or a parse will not match.

Adding a backend (e.g. a transformers token-classification pipeline loaded from a local
directory with ``local_files_only=True``): write a loader ``(model, labels) -> Recognizer`` that
imports its library lazily, translates its errors into :class:`ConfigError`, returns findings in
character offsets of the text it was given, and register it in ``_BACKENDS``.
"""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any, ClassVar

from ferryman.core.finding import Finding
from ferryman.detection.recognizer import Recognizer
from ferryman.errors import ConfigError

__all__ = ["DEFAULT_LABELS", "NER_TYPES", "SpacyRecognizer", "load_ner"]

#: the ferryman types an NER label may be mapped to
NER_TYPES: frozenset[str] = frozenset({"PERSON", "STREET_ADDRESS"})
#: model label -> ferryman type, when the configuration gives none (OntoNotes and CoNLL names)
DEFAULT_LABELS: Mapping[str, str] = MappingProxyType({"PERSON": "PERSON", "PER": "PERSON"})
DEFAULT_SCORE = 0.85
#: texts shorter than this (or blank) cannot hold a name; the model is not called
MIN_CHARS = 2
#: longer texts go to the model in pieces of at most this many characters, cut at whitespace
CHUNK_CHARS = 10_000
#: consecutive pieces share up to this many characters, so a name on a cut is whole in one
CHUNK_OVERLAP = 200

# Pipeline components NER does not need (tok2vec/transformer stay: ner may listen to them).
_UNNEEDED = (
    "attribute_ruler",
    "entity_linker",
    "lemmatizer",
    "morphologizer",
    "parser",
    "senter",
    "sentencizer",
    "spancat",
    "tagger",
    "textcat",
    "textcat_multilabel",
    "trainable_lemmatizer",
)
_FIELD = "detection.ner"
_SPACE = re.compile(r"\s")


class SpacyRecognizer(Recognizer):
    """Entities from a loaded spaCy pipeline, mapped through ``labels`` to ferryman types.

    Build it with :meth:`load` (or :func:`load_ner`); the constructor takes a pipeline that is
    already loaded. Calls are serialised by a lock (a spaCy pipeline is not documented as safe
    to run from several threads) and run in a ``memory_zone``, so the strings of past requests
    are not kept in the model's vocabulary.
    """

    name: ClassVar[str] = "ner.spacy"
    types: ClassVar[frozenset[str]] = NER_TYPES

    def __init__(
        self,
        nlp: Any,  # spacy.Language; Any because spaCy is an optional import
        labels: Mapping[str, str] | None = None,
        *,
        score: float = DEFAULT_SCORE,
        min_chars: int = MIN_CHARS,
        chunk_chars: int = CHUNK_CHARS,
    ) -> None:
        if chunk_chars < 2:
            raise ConfigError(f"{_FIELD}.chunk_chars: must be at least 2")
        self.labels: Mapping[str, str] = _label_map(labels)
        self.score = score
        self.min_chars = min_chars
        self.chunk_chars = chunk_chars
        self._nlp = nlp
        self._lock = threading.Lock()

    @classmethod
    def load(cls, model: str, labels: Mapping[str, str] | None = None) -> SpacyRecognizer:
        """Load ``model`` (a package name or a directory) with only the NER components."""
        label_map = _label_map(labels)
        spacy = _import("spacy", "spacy")
        _check_exists(spacy, model)
        try:
            nlp = spacy.load(model, exclude=list(_UNNEEDED))
        except (OSError, ValueError, ImportError, KeyError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ConfigError(
                f"{_FIELD}.model: spaCy could not load {model!r}: {reason}", param="model"
            ) from exc
        if not hasattr(nlp, "memory_zone"):
            raise ConfigError(f"{_FIELD}.backend: spacy 3.8 or later is required")
        known = {label for names in nlp.pipe_labels.values() for label in names}
        if not known & set(label_map):
            raise ConfigError(
                f"{_FIELD}.labels: model {model!r} emits none of {sorted(label_map)}; "
                f"its labels are {sorted(known)}",
                param="labels",
            )
        return cls(nlp, label_map)

    def find(self, text: str) -> Iterable[Finding]:
        if len(text) < self.min_chars or text.isspace():
            return []
        pieces = [(at, part) for at, part in _chunks(text, self.chunk_chars) if not part.isspace()]
        out: set[Finding] = set()
        with self._lock, self._nlp.memory_zone():
            docs = self._nlp.pipe(part for _, part in pieces)
            for (at, _), doc in zip(pieces, docs, strict=True):
                for ent in doc.ents:
                    kind = self.labels.get(ent.label_)
                    if kind is not None:
                        start, end = at + ent.start_char, at + ent.end_char
                        out.add(Finding(start, end, kind, self.score, self.name))
        return sorted(out, key=lambda f: (f.start, f.end))


def load_ner(backend: str, model: str, labels: Mapping[str, str] | None = None) -> Recognizer:
    """The NER recognizer ``backend`` built from ``model``; :class:`ConfigError` if unavailable."""
    loader = _BACKENDS.get(backend)
    if loader is None:
        raise ConfigError(
            f"{_FIELD}.backend: unknown NER backend {backend!r}; "
            f"choose one of {', '.join(sorted(_BACKENDS))}",
            param="backend",
        )
    return loader(model, labels)


_BACKENDS: dict[str, Callable[[str, Mapping[str, str] | None], Recognizer]] = {
    "spacy": SpacyRecognizer.load,
}


def _label_map(labels: Mapping[str, str] | None) -> Mapping[str, str]:
    if labels is None:
        return DEFAULT_LABELS
    if not labels:
        raise ConfigError(f"{_FIELD}.labels: map at least one model label to a type")
    wrong = sorted(kind for kind in labels.values() if kind not in NER_TYPES)
    if wrong:
        raise ConfigError(
            f"{_FIELD}.labels: {', '.join(wrong)} cannot come from NER; "
            f"map labels to one of {', '.join(sorted(NER_TYPES))}",
            param="labels",
        )
    return MappingProxyType(dict(labels))


def _import(module: str, package: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ConfigError(
            f"{_FIELD}.backend: the NER backend needs the {package!r} package, which is "
            f"not installed or broken ({type(exc).__name__}); install it with pip",
            param="backend",
        ) from exc


def _check_exists(spacy: ModuleType, model: str) -> None:
    """A clear error for a missing directory or package, before spaCy's own (E050)."""
    path = Path(model).expanduser()
    looks_like_path = "/" in model or "\\" in model or model.startswith((".", "~"))
    if looks_like_path or path.exists():
        if not (path / "config.cfg").is_file():
            raise ConfigError(
                f"{_FIELD}.model: {model!r} is not a spaCy pipeline directory "
                "(no config.cfg); save one with nlp.to_disk()",
                param="model",
            )
        return
    if not spacy.util.is_package(model):
        raise ConfigError(
            f"{_FIELD}.model: the spaCy model package {model!r} is not installed; install it "
            "with pip (ferryman never downloads models at run time)",
            param="model",
        )


def _chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` pairs covering ``text``, each at most ``size`` characters.

    A piece ends after a whitespace character when one lies in the second half of the window
    (a window without whitespace is cut hard). The next piece starts up to
    :data:`CHUNK_OVERLAP` characters earlier, at a word start, so a name cut in two by one
    piece is whole in the next; the engine merges the overlapping findings.
    """
    overlap = min(CHUNK_OVERLAP, size // 4)
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t")) + 1
        if cut <= size // 2:
            cut = size
        yield start, window[:cut]
        space = _SPACE.search(window, cut - overlap, cut)
        start += cut if space is None else space.end()
    if start < len(text):
        yield start, text[start:]
