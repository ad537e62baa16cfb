"""The importable engine: ``ferryman.redact`` and ``ferryman.detect`` (contract)."""

from __future__ import annotations

import ferryman
from ferryman.transform.library import BatchRedactor

TEXT = "Mail jane.doe@example.com or call, card 4111 1111 1111 1111; jane.doe@example.com again"


def test_public_surface() -> None:
    assert {"redact", "detect", "__version__"} <= set(ferryman.__all__)


def test_detect_gives_offsets_into_the_original_text() -> None:
    found = ferryman.detect(TEXT)
    assert [(f.type, TEXT[f.start : f.end]) for f in found] == [
        ("EMAIL", "jane.doe@example.com"),
        ("CREDIT_CARD", "4111 1111 1111 1111"),
        ("EMAIL", "jane.doe@example.com"),
    ]
    assert "jane" not in repr(found)


def test_redact_uses_the_default_policy() -> None:
    assert ferryman.redact(TEXT) == ("Mail <EMAIL_1> or call, card [CREDIT_CARD]; <EMAIL_1> again")


def test_block_masks_in_the_library() -> None:
    strict = {
        "actions": {
            "public": "allow",
            "internal": "allow",
            "sensitive": "block",
            "restricted": "block",
        }
    }
    assert ferryman.redact(TEXT, policy=strict) == (
        "Mail [EMAIL] or call, card [CREDIT_CARD]; [EMAIL] again"
    )


def test_evasions_map_back_to_the_original() -> None:
    text = "card 4111\u200b1111\u200b1111\u200b1111 end"
    assert ferryman.redact(text) == "card [CREDIT_CARD] end"


def test_batch_redactor_shares_one_vault() -> None:
    batch = BatchRedactor()
    assert batch.redact("a jane.doe@example.com") == "a <EMAIL_1>"
    assert batch.redact("b bob@example.org, jane.doe@example.com") == "b <EMAIL_2>, <EMAIL_1>"
    assert batch.report.counts[("EMAIL", "pseudonymize")] == 3
