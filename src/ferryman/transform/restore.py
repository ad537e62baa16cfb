"""The answer side: restore this request's pseudonyms and filter what the model produced.

One pass computes every edit on a text: vault tokens become their original values (when the
policy restores), and findings the output policy does not allow become masks or hash tokens.
A restored value is never masked again: it is the caller's own data coming back.

Streams are filtered by :class:`StreamFilter`, which holds back only what could still change:
the unfinished word at the end (a key or a token being streamed), the trailing run of words that
could be part of a value (capitalized words, digits, symbols, name particles and street words:
"Dear John Sm|", "+33 6 12|"), an unclosed pseudonym token or PEM block, any value that crosses
the cut, and optionally the last ``window`` characters. Plain lower-case prose is released as soon
as a word is complete, so time-to-first-token stays close to the provider's. The holdback is
bounded by ``max_holdback``: past it, text is released after filtering what has been seen (a
value longer than the bound is masked as far as it was recognized).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import orjson

from ferryman.transform.policy import Act, Policy
from ferryman.transform.redactor import Redactor, Report
from ferryman.transform.vault import MAX_TOKEN_LEN, TOKEN_RE, Vault

__all__ = ["AnswerGuard", "OutputFilter", "StreamFilter", "json_escape"]

_FRAGMENT = re.compile(r"[^\s\"'<>()\[\]{},;]{8,}")
_CONTEXT = 32  # released characters kept as left context for the detectors (cues like "Dear")
# a trailing run of "risky" words is held up to this many characters (then released, filtered)
_MAX_RUN = 256
# lower-case words that may sit inside a name or an address ("Kiki van der Maath", "12 rue de la
# Paix"): they do not end a risky run
_JOINERS = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "von",
        "zu",
        "di",
        "da",
        "del",
        "della",
        "la",
        "le",
        "du",
        "des",
        "dos",
        "das",
        "ten",
        "ter",
        "y",
        "e",
        "bin",
        "al",
        "el",
        "et",
        "und",
        "rue",
        "chemin",
        "avenue",
        "allée",
        "impasse",
        "boulevard",
        "place",
        "via",
        "viale",
        "piazza",
        "corso",
        "calle",
        "avenida",
        "plaza",
        "paseo",
        "carrer",
        "straße",
        "strasse",
        "weg",
        "laan",
        "straat",
        "st",
        "apt",
        "suite",
        "flat",
        "piso",
    ]
)
_SAFE_WORD = re.compile(r"[a-zà-öø-ÿ']+[.,;:!?)\]]*")


def json_escape(value: str) -> str:
    """A value as it must appear inside a JSON string (tool-call arguments)."""
    return orjson.dumps(value).decode()[1:-1]


class Edit(NamedTuple):
    """Replace ``[start, end)`` by ``text``; ``entity``/``act`` say why (None: a restored token)."""

    start: int
    end: int
    text: str
    entity: str | None = None
    act: Act | None = None


def fragments(text: str) -> list[str]:
    """Data-like fragments of a conversation text: tokens with a digit, @, _ or -, or long ones
    (ordinary words would make every link to a page about the same topic look like a leak)."""
    out = []
    for m in _FRAGMENT.finditer(text):
        frag = m.group().strip(".:!?")
        data_like = len(frag) >= 16 or any(c.isdigit() or c in "@_-" for c in frag)
        if data_like and not frag.startswith(("http://", "https://")):
            out.append(frag)
    return out


@dataclass(slots=True)
class AnswerGuard:
    """The injection guard's part of the answer side: exfiltration links and the canary."""

    exfiltration: str  # allow | flag | strip
    canary: str | None = None
    known: list[str] = field(default_factory=list)  # conversation texts (exfiltration check)
    values: list[str] = field(default_factory=list)  # this request's personal data values
    _needles: list[str] | None = None

    def needles(self) -> list[str]:
        """Data-like fragments of the conversation, cut on first use (most answers carry no
        link, so most requests never pay for this)."""
        if self._needles is None:
            found: dict[str, None] = {}
            for text in self.known:
                found.update(dict.fromkeys(fragments(text)))
            found.update(dict.fromkeys(v for v in self.values if len(v) >= 8))
            self._needles = list(found)[:2000]
        return self._needles

    @property
    def active(self) -> bool:
        return self.exfiltration != "allow" or self.canary is not None


class OutputFilter:
    """Filters whole answer texts for one request (shared by its channels)."""

    __slots__ = ("guard", "policy", "redactor", "report", "vault")

    def __init__(
        self,
        redactor: Redactor,
        policy: Policy,
        vault: Vault | None,
        report: Report,
        guard: AnswerGuard | None = None,
    ):
        self.redactor = redactor
        self.policy = policy
        self.vault = vault if policy.restore else None
        self.report = report
        self.guard = guard if guard is not None and guard.active else None

    @property
    def active(self) -> bool:
        return (
            self.policy.inspects_response
            or (self.vault is not None and len(self.vault) > 0)
            or self.guard is not None
        )

    def edits(self, text: str, escape: Callable[[str], str] | None = None) -> list[Edit]:
        """Sorted, non-overlapping edits for ``text`` (not yet counted in the report)."""
        tokens: list[Edit] = []
        if self.vault is not None and len(self.vault) and "<" in text:
            for m in TOKEN_RE.finditer(text):
                value = self.vault.value_of(m.group(0))
                if value is not None:
                    tokens.append(Edit(m.start(), m.end(), escape(value) if escape else value))
        edits = list(tokens)
        if self.guard is not None:
            edits.extend(self._guard_edits(text, tokens))
        if self.policy.inspects_response:
            for f in self.redactor.findings(text, self.policy):
                act = self.policy.response_action(f.type)
                if act is Act.ALLOW or any(s < f.end and f.start < e for s, e, *_ in tokens):
                    continue
                mask = self.redactor.replacement(text[f.start : f.end], f.type, act, None)
                edits.append(Edit(f.start, f.end, mask, f.type, act))
        return _disjoint(edits)

    def _guard_edits(self, text: str, tokens: list[Edit]) -> list[Edit]:
        from ferryman.detection.injection import find_exfiltration

        guard = self.guard
        assert guard is not None
        out: list[Edit] = []
        if guard.canary and guard.canary in text:
            i = text.find(guard.canary)
            out.append(Edit(i, i + len(guard.canary), "[redacted]", "CANARY", Act.BLOCK))
        if guard.exfiltration != "allow" and ("http" in text or "](" in text):
            for s, e in find_exfiltration(text, guard.needles()):
                if any(ts < e and s < te for ts, te, *_ in tokens):
                    continue
                if guard.exfiltration == "strip":
                    out.append(Edit(s, e, "[link removed]", "EXFILTRATION_LINK", Act.MASK))
                else:
                    self.report.counts[("EXFILTRATION_LINK", "flag")] += 1
        return out

    def count(self, edits: list[Edit]) -> None:
        for e in edits:
            if e.entity is not None and e.act is not None:
                self.report.add(e.entity, e.act)
            else:
                self.report.counts[("PSEUDONYM", "restore")] += 1

    def apply(self, text: str, escape: Callable[[str], str] | None = None) -> str:
        edits = self.edits(text, escape)
        self.count(edits)
        return _apply(text, edits, 0, len(text))


def _disjoint(edits: list[Edit]) -> list[Edit]:
    """Sorted edits without overlaps: an edit overlapping an earlier one widens it (the earlier
    one, a restored token or a guard edit, keeps its replacement)."""
    if len(edits) < 2:
        return edits
    edits.sort(key=lambda e: (e.start, -e.end))
    out = [edits[0]]
    for e in edits[1:]:
        last = out[-1]
        if e.start < last.end:
            if e.end > last.end:
                out[-1] = last._replace(end=e.end)
            continue
        out.append(e)
    return out


def _apply(text: str, edits: list[Edit], start: int, end: int) -> str:
    out: list[str] = []
    pos = start
    for e in edits:
        if e[0] < start or e[1] > end:
            continue
        out.append(text[pos : e[0]])
        out.append(e[2])
        pos = e[1]
    out.append(text[pos:end])
    return "".join(out)


class StreamFilter:
    """One streamed text channel (a choice's content, a tool call's arguments, a block)."""

    __slots__ = ("_buf", "_ctx", "escape", "filter", "inspects", "max_holdback", "window")

    def __init__(self, flt: OutputFilter, *, json: bool = False) -> None:
        self.filter = flt
        self.escape = json_escape if json else None
        self.inspects = flt.policy.inspects_response
        self.window = flt.policy.stream_window if self.inspects else 0
        self.max_holdback = flt.policy.max_holdback
        self._buf = ""
        self._ctx = ""

    @property
    def held(self) -> int:
        return len(self._buf)

    def feed(self, text: str) -> str:
        """Take the next piece; return what can be released now (possibly "")."""
        if not text:
            return ""
        self._buf += text
        buf = self._buf
        limit = len(buf) - self.window
        if limit <= 0:
            return ""
        if self.inspects:
            cut = _word_boundary(buf, limit)
            cut = max(_risky_start(buf, cut), _word_boundary(buf, cut - _MAX_RUN))
            cut = _before_pem(buf, cut)
        else:
            cut = limit
        cut = _before_open_token(buf, cut)
        if cut <= 0:
            if len(buf) <= self.max_holdback:
                return ""
            cut = limit
        return self._release(cut, final=False)

    def flush(self) -> str:
        """Release everything (the stream or the channel ended)."""
        if not self._buf:
            return ""
        return self._release(len(self._buf), final=True)

    def _release(self, cut: int, *, final: bool) -> str:
        ctx = self._ctx
        scan = ctx + self._buf
        offset = len(ctx)
        edits = self.filter.edits(scan, self.escape) if self.filter.active else []
        edits = [e for e in edits if e[1] > offset]  # edits inside released context are done
        end = offset + cut
        if not final:
            for e in edits:
                if e[0] < end < e[1]:  # a value crosses the cut: hold all of it
                    end = max(e[0], offset)
            if end == offset and len(self._buf) > self.max_holdback:
                end = offset + cut  # bound reached: release; a crossing value is cut and masked
        released = [e for e in edits if e[1] <= end or (e[0] < end and not final)]
        self.filter.count([e for e in released if e[0] >= offset])
        out = _apply_clipped(scan, released, offset, end)
        self._ctx = scan[max(offset, end - _CONTEXT) : end] if end > offset else ctx
        self._buf = scan[end:]
        return out


def _apply_clipped(text: str, edits: list[Edit], start: int, end: int) -> str:
    out: list[str] = []
    pos = start
    for e in edits:
        s, t = max(e[0], start), min(e[1], end)
        if t <= pos:
            continue
        out.append(text[pos:s])
        out.append(e[2])
        pos = t
    out.append(text[pos:end])
    return "".join(out)


def _word_boundary(buf: str, limit: int) -> int:
    """The position just after the last whitespace at or before ``limit`` (0 if none)."""
    for i in range(min(limit, len(buf)) - 1, -1, -1):
        if buf[i].isspace():
            return i + 1
    return 0


def _risky_start(buf: str, cut: int) -> int:
    """Move ``cut`` back over the trailing words that could be part of a value."""
    pos = cut
    while pos > 0:
        end = pos
        while end > 0 and buf[end - 1].isspace():
            end -= 1
        start = end
        while start > 0 and not buf[start - 1].isspace():
            start -= 1
        if start == end:
            return 0
        word = buf[start:end]
        if _SAFE_WORD.fullmatch(word) and word.rstrip(".,;:!?)]") not in _JOINERS:
            return pos
        pos = start
    return 0


def _before_pem(buf: str, cut: int) -> int:
    """Hold a PEM block (a private key) until its END line has arrived."""
    begin = buf.rfind("-----BEGIN", 0, cut)
    if begin != -1 and buf.find("-----END", begin) == -1:
        return begin
    return cut


def _before_open_token(buf: str, cut: int) -> int:
    """Move ``cut`` before a pseudonym token that starts before it and is not closed yet."""
    lt = buf.rfind("<", max(0, cut - MAX_TOKEN_LEN), cut)
    if lt != -1 and buf.find(">", lt, cut) == -1:
        return lt
    return cut
