"""Fake delimiters: text that pretends a turn or the user's input has ended.

Chat-template tokens (``<|im_start|>``, ``[INST]``, ``<<SYS>>``), XML-ish role tags
(``</system>``), markdown role headers (``### System:``) and prose fences ("END OF USER
INPUT") only make sense in a user message or a document if someone wants the model to read
what follows as a higher-privileged turn. They are also what tokenizer documentation and chat
code contain, so the weight is moderate and :mod:`.score` damps it in code-looking text; a
delimiter followed by an override still scores high through the noisy-OR.
"""

from __future__ import annotations

import re

from ferryman.detection.injection.features import Feature, words

__all__ = ["DELIMITERS"]

_TEMPLATE = (
    r"<\|(?:im_start|im_end|im_sep|system|user|assistant|endoftext|eot_id|start_header_id"
    r"|end_header_id|begin_of_text|end_of_turn|start_of_turn)\|>"
    r"|\[/?inst\]|<<\s*/?sys\s*>>|<\s*/?\s*(?:start_of_turn|end_of_turn)\s*>"
)
_TAG = (
    r"<\s*/?\s*(?:system|sys|system_prompt|system-prompt|instructions?|admin|developer|assistant"
    r"|user_input|user-input|user|human|ai|context|im_start|prompt)\s*>"
)
_HEADER = (
    r"^[ \t]*(?:#{2,}|={3,}|-{3,}|\*{2,}|\[)\s*(?:new\s+)?(?:system|instruction|instructions"
    r"|admin|developer|assistant|sistema|systeme|systeem|anweisung|anweisungen|istruzioni"
    r"|instrucciones|consignes|instructies)\b[^\n]{0,40}"
)
_TURN = (
    r"^[ \t]*(?:system|assistant|developer|admin|sistema|systeme|systeem)\s*:\s*\S"
    r"|^[ \t]*(?:human|user)\s*:\s*\S[^\n]*\n+[ \t]*(?:assistant|ai)\s*:"
)
_FENCE = (
    r"\b(?:end|close|closing)\s+of\s+(?:the\s+)?(?:user(?:'s)?\s+)?(?:input|prompt|query|request"
    r"|message|instructions|conversation|context|system\s+prompt|data)\b"
    r"|\b(?:begin|start|beginning)\s+(?:of\s+)?(?:the\s+)?(?:new\s+)?(?:system|admin|developer)"
    r"\s+(?:prompt|message|instructions)\b"
    r"|\bfin\s+de\s+(?:l'entree|la\s+saisie|la\s+requete|l'invite)\s+(?:de\s+)?(?:l'utilisateur)?"
    r"|\bende\s+der\s+(?:benutzereingabe|eingabe|nutzereingabe)\b"
    r"|\bfin\s+de\s+la\s+entrada\b|\bfine\s+(?:dell'input|dell'inserimento)\b"
    r"|\beinde\s+(?:van\s+)?(?:de\s+)?(?:invoer|gebruikersinvoer)\b"
    r"|\bende\s+(?:der\s+)?(?:benutzereingabe|nutzereingabe)\b"
)

DELIMITERS: tuple[Feature, ...] = (
    Feature(
        "chat_template",
        "fake_delimiter",
        0.6,
        0.75,
        words(
            "im_start im_end im_sep system user assistant endoftext eot_id start_header_id "
            "end_header_id begin_of_text end_of_turn start_of_turn inst sys "
        ),
        re.compile(_TEMPLATE),
        "delimiter",
    ),
    Feature(
        "role_tag",
        "fake_delimiter",
        0.5,
        0.65,
        words(
            "system sys system_prompt instruction instructions admin developer assistant "
            "user_input user human ai context im_start prompt "
        ),
        re.compile(_TAG),
        "delimiter",
    ),
    Feature(
        "role_header",
        "fake_delimiter",
        0.5,
        0.65,
        words(
            "system instruction instructions admin developer assistant sistema systeme "
            "systeem anweisung anweisungen istruzioni instrucciones consignes instructies "
        ),
        re.compile(_HEADER, re.MULTILINE),
        "delimiter",
    ),
    Feature(
        "fake_turn",
        "fake_delimiter",
        0.3,
        0.5,
        words("system assistant developer admin sistema systeme systeem ai"),
        re.compile(_TURN, re.MULTILINE),
        "delimiter",
    ),
    Feature(
        "input_fence",
        "fake_delimiter",
        0.55,
        0.65,
        words("end close closing begin start beginning fin ende fine einde"),
        re.compile(_FENCE),
        "delimiter",
    ),
)
