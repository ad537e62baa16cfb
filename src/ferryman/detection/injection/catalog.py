"""The feature catalogue and the word index the scanner gates on, built once at import.

Every feature with its search window, and the tables that map the words of one Aho-Corasick
pass to the features they open (gate words), the features whose matches may start at them
(first words), the rarer second gate (required words) and the delimiter marks.
"""

from __future__ import annotations

from dataclasses import replace

from ferryman.detection.injection.anchors import TokenIndex, first_tokens, required_words
from ferryman.detection.injection.decode import GATE_WORDS
from ferryman.detection.injection.delimiters import DELIMITERS
from ferryman.detection.injection.features import Feature
from ferryman.detection.injection.pairs import second_tokens
from ferryman.detection.injection.phrases_actions import ACTIONS
from ferryman.detection.injection.phrases_agent import AGENT
from ferryman.detection.injection.phrases_extract import EXTRACT
from ferryman.detection.injection.phrases_frames import FRAMES
from ferryman.detection.injection.phrases_override import OVERRIDE
from ferryman.detection.injection.phrases_polite import POLITE
from ferryman.detection.injection.phrases_pressure import PRESSURE
from ferryman.detection.injection.phrases_roles import ROLES
from ferryman.detection.injection.phrases_setup import SETUP
from ferryman.detection.injection.phrases_soft import SOFT
from ferryman.detection.injection.score import CONTEXT_WORDS

__all__ = [
    "ANCHORED",
    "FEATURES",
    "GATES",
    "HIDDEN_GATE_WORDS",
    "INDEX",
    "MARKS",
    "NEEDS",
    "OPENER_WORDS",
    "OPENS",
    "SECONDS",
    "STARTERS",
    "TOKENS",
    "VOCAB",
    "WINDOW_GATES",
]

# How far before / after its gate word each feature's match may start / end: the search
# window. Tight windows are most of the speed (the regex cost follows the window length).
WINDOWS: dict[str, tuple[int, int]] = {
    "override_qualified": (110, 110), "override_everything": (25, 90), "override_above": (25, 60),
    "override_void": (110, 40), "role_play": (30, 30), "unbound": (40, 30),
    "mode_switch": (30, 40), "liberated": (80, 40), "extract_prompt": (60, 110),
    "ai_address": (60, 120), "tool_call": (30, 80), "send_data": (25, 130),
    "destructive": (25, 80), "exfil_instruction": (110, 250), "conceal": (60, 15),
    "authority": (40, 60), "new_task": (40, 50), "from_now_on": (20, 30),
    "decode_and_follow": (10, 200), "set_aside": (70, 70), "no_need_to_follow": (60, 30),
    "never_loaded": (80, 50), "optional_rules": (60, 60), "mine_first": (15, 30),
    "no_longer_valid": (70, 10), "dan": (30, 30), "exfil_url": (200, 120),
    "ignore_user": (70, 70), "ai_reader": (70, 40), "tool_name_call": (40, 90),
    "payment": (110, 110), "claimed_consent": (70, 20), "no_confirm": (40, 40),
    "admin_secret": (40, 40), "split_and_follow": (80, 110), "start_you_are": (30, 40),
    "text_above": (40, 60), "verbatim": (30, 40), "ask_instructions": (30, 90),
    "conversation_top": (30, 60), "ai_greeting": (5, 40), "before_first_message": (10, 50),
    "context_window": (50, 80), "persona_unbound": (60, 110), "disclose_own": (30, 80),
    "acrostic": (20, 110), "concede_rules": (40, 90), "rules_not_meant": (40, 70),
    "free_to_ignore": (40, 60), "escaped_persona": (40, 60), "evade_filters": (30, 90),
    "maker_text": (30, 70), "preceding_text": (40, 60), "hidden_too": (20, 40),
    "paste_here": (10, 30), "discredit_rules": (60, 90), "dismiss_them": (10, 30),
    "exception_rules": (20, 80), "secrecy": (20, 40), "just_once": (15, 30),
    "answer_unbound": (10, 90), "was_a_test": (60, 40),
    "inline_role_marker": (20, 60), "grade_fix": (30, 60), "setup_pointer": (30, 80),
    "rules_switched_off": (40, 90), "rules_pushed_aside": (40, 90),
    "exfil_instruction_i18n": (10, 200), "rebuild_and_obey": (10, 260),
    "rebuild_and_obey_i18n": (10, 220),
}  # fmt: skip
FEATURES: tuple[Feature, ...] = tuple(
    replace(f, back=WINDOWS[f.name][0], ahead=WINDOWS[f.name][1])
    if f.name in WINDOWS
    else replace(f, back=20, ahead=60)
    for f in OVERRIDE
    + POLITE
    + ROLES
    + ACTIONS
    + AGENT
    + EXTRACT
    + FRAMES
    + SOFT
    + PRESSURE
    + SETUP
    + DELIMITERS
)
HIDDEN_GATE_WORDS: frozenset[str] = frozenset({"display", "visibility", "font", "opacity", "color"})
#: every gate word (the decoders' leetspeak check looks them up)
GATES: frozenset[str] = frozenset().union(*(f.gate for f in FEATURES))
#: first word -> indexes of the anchored features a match may start with it (see .anchors)
STARTS: dict[str, list[int]] = {}
for _i, _f in enumerate(FEATURES):
    for _w in first_tokens(_f.pattern) or ():
        STARTS.setdefault(_w, []).append(_i)
ANCHORED: frozenset[int] = frozenset(i for ixs in STARTS.values() for i in ixs)
#: the other features' gate words
WINDOW_GATES: frozenset[str] = frozenset().union(
    *(f.gate for i, f in enumerate(FEATURES) if i not in ANCHORED)
)
#: feature -> words one of which every match holds, where rarer than its gate: a second gate
NEEDS: dict[int, frozenset[str]] = {
    i: needs
    for i, f in enumerate(FEATURES)
    if i in ANCHORED and (needs := required_words(f.pattern, f.gate)) is not None
}
#: (feature, first word) -> the words that may come right after that first word in a match
#: (see .pairs); a pair that is absent has no second-word gate
SECONDS: dict[tuple[int, str], frozenset[str]] = {
    (i, w): seconds
    for i in sorted(ANCHORED)
    for w, seconds in (second_tokens(FEATURES[i].pattern) or {}).items()
    if seconds is not None
}
#: word -> (anchored features it opens as a gate word, the anchored features a match may start
#: with it, each with its second words or None): one Aho-Corasick pass over the text finds
#: the open gates, the positions to try and the word after each
VOCAB: dict[str, tuple[tuple[int, ...], tuple[tuple[int, frozenset[str] | None], ...]]] = {
    w: (
        tuple(i for i in sorted(ANCHORED) if w in FEATURES[i].gate),
        tuple((i, SECONDS.get((i, w))) for i in STARTS.get(w, ())),
    )
    for w in set(STARTS).union(
        CONTEXT_WORDS,
        GATE_WORDS,
        HIDDEN_GATE_WORDS,
        *(f.gate for f in FEATURES),
        *NEEDS.values(),
        *SECONDS.values(),
    )
}
TOKENS: TokenIndex = TokenIndex(frozenset(VOCAB))
#: the words that open an anchored feature -> those features (the first half of VOCAB)
OPENS: dict[str, tuple[int, ...]] = {w: opens for w, (opens, _) in VOCAB.items() if opens}
OPENER_WORDS: frozenset[str] = frozenset(OPENS)
#: the words an anchored feature's match may start with -> those features, each with the words
#: that may follow (the second half)
STARTERS: dict[str, tuple[tuple[int, frozenset[str] | None], ...]] = {
    w: st for w, (_, st) in VOCAB.items() if st
}
#: the window features' gate words -> those features
INDEX: dict[str, tuple[int, ...]] = {
    w: tuple(i for i, f in enumerate(FEATURES) if w in f.gate and i not in ANCHORED)
    for w in WINDOW_GATES
}

#: the characters a delimiter feature's every match contains (one of them)
MARKS: dict[str, tuple[str, ...]] = {
    "chat_template": ("<", "["),
    "role_tag": ("<",),
    "role_header": ("##", "===", "---", "**", "["),
    "fake_turn": (":",),
}
