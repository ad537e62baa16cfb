"""Find ``name <separator> value`` pairs around secret-ish words, in any config syntax or prose.

One prefilter pass over the lower-cased text finds the trigger words (``pass``, ``key``,
``token``, ``secret``, ``wachtwoord`` ...); only there is the surrounding name read and the value
after it parsed. The same parser serves YAML (``password: x``), INI and .env (``PASSWORD=x``),
JSON (``"password": "x"``), code (``api_key = "x"``, ``apiKey: 'x'``), XML
(``<password>x</password>``), CLI flags (``--token x``), HTTP headers (``Authorization: Bearer
x``) and prose in several languages (``my password is x``, ``mot de passe : x``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ferryman.detection.secrets.prefilter import LiteralIndex, grouped_patterns

__all__ = ["Assignment", "assignments"]

#: trigger words (lower case, after folding: Cyrillic "пароль" folds to "пapoль")
TRIGGERS = frozenset(
    {
        "pass", "pwd", "pw", "mdp", "wachtwoord", "contrase", "kennwort", "clave", "senha",
        "parol", "hasł", "salasan", "lösenord", "adgangskode", "heslo", "jelsz", "пapoль",
        "key", "token", "secret", "auth", "bearer", "credential", "private",
    }
)  # fmt: skip
_INDEX = LiteralIndex([re.compile(p) for p in grouped_patterns(TRIGGERS)])
_NAME_CLASS = "A-Za-z0-9_.\\-ñłöäåøœ"
_NAME_RUN = re.compile(f"[{_NAME_CLASS}]*")
#: a window's last non-name character (a regex backs up from the end: C speed, no loop)
_LAST_NON_NAME = re.compile(f"(?s:.*)[^{_NAME_CLASS}]")
_SEPARATOR = re.compile(
    r"""(?P<close>["'\]`]?)[ \t]{0,4}"""
    r"""(?:(?P<op>:=|=>|=|:|\]?\s*=)|(?P<word>[ \t](?:is|was|are|est|ist|lautet|es|era|è|é|e|"""
    r"""wordt|is\s+now|set\s+to|changed\s+to|reset\s+to|to|sera|será|war)(?=[ \t]))"""
    r"""|(?P<gt>>))[ \t]{0,4}(?:\r?\n[ \t]*)?""",
    re.IGNORECASE,
)
#: names that announce a value later in their sentence (prose cue words, not field names)
_CUE_WORDS = frozenset(
    {
        "password", "passwort", "passwd", "passcode", "passphrase", "pw", "pwd", "mdp", "passe",
        "wachtwoord", "contraseña", "contrasena", "senha", "kennwort", "clave", "key", "token",
        "secret",
    }
)  # fmt: skip
_SPACE_ONLY = re.compile(r"[ \t]{1,4}")
#: a cue word in prose and what comes later in its sentence: a connector ("it's", "is now",
#: "c'est", ":") then the value; at most 60 characters of the same line between
_LATE_CONNECTOR = re.compile(
    r"""[^\n.!]{0,60}?(?:(?<![\w'\u2019])(?:it['\u2019]?s|it\s+is|is|are|was|c'est|est|ist|lautet|"""
    r"""es|era|è|é|wordt|sera|será|war|são)"""
    r"""(?:[ \t]+(?:now|nu|jetzt|nun|désormais|maintenant|ahora|ora|adesso|agora|voortaan))?"""
    r"""(?:[ \t]*:)?|[:=])[ \t]{1,4}(?=\S)""",
    re.IGNORECASE,
)
#: a quoted or back-ticked value right after the cue (``pager key `x```)
_LATE_QUOTED = re.compile(r"""[ \t]{1,4}(?:\([^)\n]{1,30}\)[ \t]{1,4})?(?=["'`])""")
_QUOTED = re.compile(r"""(?P<q>["'`])(?P<v>[^"'`\r\n]{1,300})(?P=q)""")
_BARE = re.compile(r"""[^\s"'`<>]{1,300}""")
_QUERY_NEXT = re.compile(r"[A-Za-z_][\w.\-\[\]]{0,40}=")
_SCHEME_WORDS = frozenset({"bearer", "basic", "token", "digest", "apikey", "key"})
_TRAILING = ".,;:)]}"


@dataclass(frozen=True, slots=True)
class Assignment:
    """A secret-ish name and the value given to it, as offsets into the text."""

    name: str
    name_start: int
    value_start: int
    value_end: int
    quoted: bool
    #: prose ("is", "was") or a colon followed by more words on the line: stricter value tests
    prose: bool
    #: found further along the sentence, not right after the name (``my wachtwoord too? it's
    #: x``, ``pager key `x```): the strictest value tests
    late: bool = False


def _name_bounds(text: str, pos: int, lit_len: int) -> tuple[int, int]:
    """The name around a trigger word: name characters either side, at most 64 each way."""
    back = _LAST_NON_NAME.match(text, max(0, pos - 64), pos)  # greedy: from the right
    start = back.end() if back is not None else max(0, pos - 64)
    end = _NAME_RUN.match(text, pos + lit_len, pos + 64).end()  # type: ignore[union-attr]
    while end > pos + lit_len and text[end - 1] in ".-":
        end -= 1
    return start, end


def _value(text: str, pos: int) -> tuple[int, int, bool] | None:
    m = _QUOTED.match(text, pos)
    if m is not None:
        return m.start("v"), m.end("v"), True
    m = _BARE.match(text, pos)
    if m is None:
        return None
    end = m.end()
    amp = text.find("&", pos, end)
    if amp >= pos and _QUERY_NEXT.match(text, amp + 1):  # ?password=x&next=/: the value ends at &
        if amp == pos:
            return None  # ?key=&next=: empty
        end = amp
    while end > pos and text[end - 1] in _TRAILING:
        end -= 1
    return (pos, end, False) if end > pos else None


def _late_value(text: str, end: int, name: str) -> tuple[int, int, bool] | None:
    """The value a prose cue word (``password``, ``key``) announces later in its sentence."""
    m = _LATE_QUOTED.match(text, end)
    if m is not None:
        q = _QUOTED.match(text, m.end())
        return (q.start("v"), q.end("v"), True) if q is not None else None
    m = _LATE_CONNECTOR.match(text, end)
    if m is not None:
        return _value(text, m.end())
    m = _SPACE_ONLY.match(text, end)
    if m is not None and "key" not in name and "token" not in name:  # "passcode" + value
        return _value(text, m.end())
    return None


def assignments(
    text: str, triggers: tuple[list[tuple[int, str]], str] | None = None
) -> Iterator[Assignment]:
    """Every ``name -> value`` pair whose name holds a trigger word.

    ``triggers``: the trigger words' ``(position, word)`` and the lower-cased text, if the caller
    found them already.
    """
    if triggers is None:
        lowered = text.lower()
        if len(lowered) != len(text):  # a character whose lower case is longer: keep offsets
            lowered = text
        hits = _INDEX.positions(lowered)
    else:
        hits, lowered = triggers
    done = 0
    for pos, lit in hits:
        if pos < done:
            continue
        start, end = _name_bounds(text, pos, len(lit))
        name = lowered[start:end]
        sep = _SEPARATOR.match(text, end)
        worded = False
        if sep is None or (sep.group("gt") and text[start - 1 : start] != "<"):
            if name not in ("bearer", "token") and not name.startswith("-"):
                late = _late_value(text, end, name) if name in _CUE_WORDS else None
                if late is not None:
                    done = late[1]
                    yield Assignment(name, start, late[0], late[1], late[2], True, True)
                continue
            sep = _SPACE_ONLY.match(text, end)
            if sep is None:
                continue
        else:
            worded = bool(sep.group("word"))
        found = _value(text, sep.end())
        if found is None:
            continue
        v0, v1, quoted = found
        if not quoted and text[v0:v1].lower().rstrip(":") in _SCHEME_WORDS:  # Bearer x, Token: x
            nxt = _SPACE_ONLY.match(text, v1)
            found = _value(text, nxt.end()) if nxt is not None else None
            if found is None:
                continue
            v0, v1, quoted = found
        line_end = text.find("\n", v1)
        rest = text[v1 : line_end if line_end >= 0 else len(text)].strip(" \t\r\"',;")
        prose = worded or (not quoted and bool(rest) and not rest.startswith("#"))
        done = v1
        yield Assignment(name, start, v0, v1, quoted, prose)
