"""Person names: capitalized runs scored by lexicon, shape and context, offline.

One regex pass finds runs of capitalized words (with lower-case particles such as "van der" or
"de la" between them); each run is classified token by token against the name lexicons and the
common-word list, then accepted when

- a context cue announces it (greeting, sign-off, title, form label, "my name is", "Call with",
  "X, born on", "X <x@...>", or the tokens of an e-mail address elsewhere in the text), and it
  holds at least one known name or is made of unknown capitalized words; or
- without a cue, it is a known first name followed by a surname or an unknown capitalized word
  that is not a common word (a higher bar, since "Victoria Station" and "Helios Energy" look
  alike on shape alone).

Every token of an accepted name is then looked up elsewhere in the same text, so the lone
"Roland" in a signature is covered once "Roland Dupuis" was found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from ferryman.core.finding import Finding
from ferryman.detection.people.cues import cue_after, cue_before
from ferryman.detection.people.lexicon import Lexicon, lexicon
from ferryman.detection.people.name_context import context_names
from ferryman.detection.people.name_fields import field_names
from ferryman.detection.people.name_scan import SCAN, blanks
from ferryman.detection.people.name_tokens import (
    FIRST,
    INITIAL,
    PART,
    SURNAME,
    UNKNOWN,
    WORDY,
    classify,
    echo_word,
    fold_word,
    namey,
    run_token,
)
from ferryman.detection.people.name_veto import drop_organisations
from ferryman.detection.people.patterns import NAME_TOKEN
from ferryman.detection.people.vocab import AMBIGUOUS_FIRST, NEVER_NAME, ORG_WORDS
from ferryman.detection.recognizer import Recognizer

__all__ = ["PersonRecognizer"]

_NEXT_TOKEN = re.compile(NAME_TOKEN)
_NAME_WORD = _NEXT_TOKEN
_LOCAL_SPLIT = re.compile(r"[._+\-\d]+")
_REVERSED_LOCAL = re.compile(r"@([\w.+\-]*)")

_CUE_SCORE = 0.8
_BARE_SCORE = 0.6
_ECHO_SCORE = 0.7


_Emails = tuple[frozenset[str], tuple[str, ...]]
_NO_EMAILS: _Emails = (frozenset(), ())


def _email_locals(text: str) -> _Emails:
    """Tokens and whole local parts of the e-mail addresses in ``text`` (lower-case, folded)."""
    tokens: set[str] = set()
    locals_: list[str] = []
    # the local part is the run of word characters, dots, dashes and pluses before each "@":
    # read forwards in the reversed text by one "@"-led scan instead of a character loop in Python
    for m in reversed(_REVERSED_LOCAL.findall(text[::-1])):
        local = fold_word(m[::-1])
        if len(local) >= 3:
            locals_.append(local)
            tokens.update(t for t in _LOCAL_SPLIT.split(local) if len(t) >= 3)
    return frozenset(tokens), tuple(locals_)


class PersonRecognizer(Recognizer):
    """PERSON from name lexicons + capitalization + context cues (no model)."""

    name: ClassVar[str] = "person"
    types: ClassVar[frozenset[str]] = frozenset({"PERSON"})

    def find(self, text: str) -> Iterable[Finding]:
        lx = lexicon()
        emails: _Emails | None = None
        found: list[Finding] = []
        n = len(text)
        # introduced capitals, merged in text order with the scan below: one inside an earlier
        # scan match is skipped, one where a scan match starts is tried after the eol check
        cues = blanks(text) if " " in text else None
        intros = cues.intros if cues is not None else []
        k = 0
        last = 0
        for m in SCAN.finditer(text):
            s, e = m.span()
            while k < len(intros) and intros[k] < s:
                c = intros[k]
                k += 1
                if c >= last:
                    w = _NAME_WORD.match(text, c)
                    if w is not None:
                        last = w.end()
                        f = self._introduced(text, c, last, lx)
                        if f is not None:
                            found.append(f)
            intro = k < len(intros) and intros[k] == s
            if intro:
                k += 1
            last = e
            if m.start("run") >= 0:
                if s and (text[s - 1].isalnum() or text[s - 1] in "_@/\\.-'\u2019"):
                    continue
                if e < n and (text[e].isalnum() or text[e] in "_@"):
                    continue
                toks = text[s:e].split()
                if not any(map(namey, toks)):
                    continue  # no name, surname or unknown word: nothing to judge (no cue look)
                if emails is None:
                    emails = _email_locals(text) if "@" in text else _NO_EMAILS
                found.extend(self._run(text, s, toks, lx, emails))
                continue
            if text[e - 1] == ".":
                e -= 1
            f = None
            p = s
            while p and text[p - 1] in " \t":
                p -= 1
            if p and text[p - 1] in ":\n":
                f = self._single(text, text[s:e], s, e, lx)
            if f is None and intro:
                f = self._introduced(text, s, e, lx)
            if f is not None:
                found.append(f)
        for c in intros[k:]:
            if c >= last:
                w = _NAME_WORD.match(text, c)
                if w is not None:
                    last = w.end()
                    f = self._introduced(text, c, last, lx)
                    if f is not None:
                        found.append(f)
        if cues is None:
            extra = context_names(text, lx, classify, [], [], []) + field_names(
                text, lx, classify, []
            )
        else:
            extra = context_names(
                text, lx, classify, cues.roles, cues.verbs, cues.lowers
            ) + field_names(text, lx, classify, cues.caps)
        found += [Finding(a, b, "PERSON", _CUE_SCORE, self.name) for a, b in extra if b > a]
        found = drop_organisations(text, found)
        return found + drop_organisations(text, self._echoes(text, found, lx)) if found else []

    def _introduced(self, text: str, s: int, e: int, lx: Lexicon) -> Finding | None:
        """A lone first name after "my name is", "ask for", "c'est", "ich bin", "soy"..."""
        if e < len(text) and (text[e].isalnum() or text[e] in "_@-"):
            return None
        word = text[s:e]
        if classify(word, lx) != FIRST or word.lower() in lx.words:
            return None  # lexicon first names only, never a common word ("Will", "Grant")
        if not cue_before(text, s):
            return None
        return Finding(s, self._extend_line(text, e, lx), "PERSON", _CUE_SCORE, self.name)

    # -- classification -------------------------------------------------------------------

    # -- single capitalized word: needs a cue ---------------------------------------------

    def _single(self, text: str, tok: str, s: int, e: int, lx: Lexicon) -> Finding | None:
        word = tok.rstrip(".")
        unnamed = word in AMBIGUOUS_FIRST or (word not in lx.first and word not in lx.surnames)
        if unnamed and word.lower() in lx.words:
            return None
        if len(word) < 2 or word.lower() in NEVER_NAME:
            return None
        cls = classify(word, lx)
        if cls == WORDY and word not in lx.first and word not in lx.surnames:
            return None
        if not cue_before(text, s) and not cue_after(text, e):
            return None
        end = self._extend_line(text, s + len(word), lx)
        return Finding(s, end, "PERSON", _CUE_SCORE, self.name)

    # -- a run of several capitalized words ------------------------------------------------

    def _run(
        self,
        text: str,
        s: int,
        toks: list[str],
        lx: Lexicon,
        emails: _Emails,
    ) -> list[Finding]:
        """Judge the run of capitalized words ``toks`` starting at ``s``."""
        facts = [run_token(t, lx) for t in toks]  # memoised per word
        n = len(toks)
        starts: list[int] = []  # where each token starts, filled when a name is judged
        out: list[Finding] = []
        # a run led by a greeting or title is cued by it, whatever comes before the run
        cue = bool(facts and facts[0][0]) or cue_before(text, s)
        i = 0
        while i < n:
            # step over greetings, titles and plain words before a name; note if they cue one
            while i < n:
                f = facts[i]
                if f[0]:
                    cue = True
                elif (cue and f[1]) or f[2]:
                    break  # right after a cue the name starts here, whatever the word
                else:
                    cue = False
                i += 1
            if i >= n:
                break
            j = i
            while j < n and j - i < 6:
                f = facts[j]
                if f[3] == WORDY and (not cue or f[4]):
                    break
                j += 1
                if f[5]:
                    break  # a sentence ends inside the run
            while j > i and facts[j - 1][3] in (PART, INITIAL):
                j -= 1
            if j == i:
                i += 1
                cue = False
                continue
            if not starts:
                pos = s
                for t in toks:
                    pos = text.find(t, pos)
                    starts.append(pos)
                    pos += len(t)
            start, end = starts[i], starts[j - 1] + len(toks[j - 1])
            if text[end - 1] == ".":
                end -= 1
            followed = j < n and facts[j][6]
            classes = [facts[k][3] for k in range(i, j)]
            judged = self._judge(text, start, end, toks[i:j], classes, cue, followed, lx, emails)
            if judged is not None:
                out.append(judged)
            i = j
            cue = False
        return out

    def _judge(
        self,
        text: str,
        start: int,
        end: int,
        toks: list[str],
        classes: list[int],
        cue: bool,
        followed: bool,
        lx: Lexicon,
        emails: _Emails,
    ) -> Finding | None:
        if followed or toks[-1].rstrip(".").lower() in ORG_WORDS:
            return None
        names = [t.rstrip(".") for t, c in zip(toks, classes, strict=True) if c <= WORDY]
        kinds = [c for c in classes if c <= WORDY]
        if not names or names[0].lower() in NEVER_NAME:
            return None
        if not cue:
            cue = cue_after(text, end) or self._email_cue(names, emails)
        if cue:
            known = any(k in (FIRST, SURNAME, UNKNOWN) for k in kinds)
            if not known and (len(names) > 1 or names[0] not in lx.first):
                return None
            return Finding(start, self._extend_line(text, end, lx), "PERSON", _CUE_SCORE, self.name)
        if len(names) < 2 or kinds[0] != FIRST or WORDY in kinds:
            return None
        if kinds[-1] == UNKNOWN and len(names) == 2 and len(names[1]) < 3:
            return None
        return Finding(start, end, "PERSON", _BARE_SCORE, self.name)

    @staticmethod
    def _email_cue(names: list[str], emails: _Emails) -> bool:
        tokens, locals_ = emails
        if len(names) < 2 or not locals_:
            return False
        folded = [fold_word(n) for n in names if len(n) >= 3]
        if any(n in tokens for n in folded):
            return True
        return any(n in loc for n in folded if len(n) >= 4 for loc in locals_)

    @classmethod
    def _extend_line(cls, text: str, end: int, lx: Lexicon) -> int:
        """Cover a surname the line break cut off ("Carolyn\\nKing")."""
        if text[end : end + 1] != "\n":
            return end
        m = _NEXT_TOKEN.match(text, end + 1)
        if m is None:
            return end
        tok = m.group()
        after = text[m.end() : m.end() + 1]
        if after.isalnum() or tok not in lx.surnames or classify(tok, lx) != SURNAME:
            return end
        return m.end()

    def _echoes(self, text: str, found: list[Finding], lx: Lexicon) -> list[Finding]:
        """Other mentions of an accepted name's tokens ("Thanks, Roland" after "Roland Dupuis")."""
        seen: set[str] = set()
        for f in found:
            for w in text[f.start : f.end].split():
                w = echo_word(w, lx)
                if w:
                    seen.add(w)
        out: list[Finding] = []
        if len(seen) > 12:  # one token scan beats a find() per name on long texts
            starts = {f.start for f in found}
            for m in _NEXT_TOKEN.finditer(text):
                if m.group() in seen and m.start() not in starts:
                    a, b = m.span()
                    before = text[a - 1] if a else " "
                    after = text[b] if b < len(text) else " "
                    if not (before.isalnum() or before in "_@.-" or after.isalnum()):
                        out.append(Finding(a, b, "PERSON", _ECHO_SCORE, self.name))
            return out
        taken = [(f.start, f.end) for f in found]
        n = len(text)
        for w in seen:
            if text.count(w) == 1:
                continue  # its one mention is the accepted name itself
            pos = text.find(w)
            while pos != -1:
                end = pos + len(w)
                if (pos and (text[pos - 1].isalnum() or text[pos - 1] in "_@.-")) or (
                    end < n and (text[end].isalnum() or text[end] in "_@-")
                ):
                    pos = text.find(w, end)
                    continue  # inside a longer word, an address or an identifier
                for a, b in taken:
                    if a <= pos < b:
                        break
                else:
                    out.append(Finding(pos, end, "PERSON", _ECHO_SCORE, self.name))
                pos = text.find(w, end)
        return out
