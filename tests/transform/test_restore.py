"""The answer side: restore pseudonyms and filter, whole and streamed at every split point."""

from __future__ import annotations

import json

import pytest

from ferryman.transform.policy import DEFAULT_POLICY
from ferryman.transform.redactor import Redactor, Report
from ferryman.transform.restore import OutputFilter, StreamFilter
from ferryman.transform.vault import Vault

KEY = "sk-" + "Zq9" * 10


def _filter(redactor: Redactor) -> OutputFilter:
    vault = Vault()
    vault.token_for("EMAIL", "ann.lee@corp.com")
    vault.token_for("PERSON", 'Ann "Annie" Lee')
    return OutputFilter(redactor, DEFAULT_POLICY, vault, Report())


ANSWER = (
    "Dear <PERSON_1>, I wrote to <EMAIL_1> and cc bob@corp.com. The key "
    f"{KEY} must not come back, nor the card 4111 1111 1111 1111. <EMAIL_7> is unknown."
)
EXPECTED = (
    'Dear Ann "Annie" Lee, I wrote to ann.lee@corp.com and cc [EMAIL]. The key '
    "[OPENAI_API_KEY] must not come back, nor the card [CREDIT_CARD]. <EMAIL_7> is unknown."
)


def test_whole_answer_is_restored_and_filtered(redactor: Redactor) -> None:
    flt = _filter(redactor)
    assert flt.apply(ANSWER) == EXPECTED
    assert flt.report.counts[("PSEUDONYM", "restore")] == 2
    assert flt.report.counts[("OPENAI_API_KEY", "mask")] == 1


def test_restored_values_are_not_masked_again(redactor: Redactor) -> None:
    flt = _filter(redactor)
    assert flt.apply("<EMAIL_1>") == "ann.lee@corp.com"


@pytest.mark.parametrize("split", range(1, len(ANSWER)))
def test_stream_split_anywhere_gives_the_same_text(redactor: Redactor, split: int) -> None:
    ch = StreamFilter(_filter(redactor))
    out = ch.feed(ANSWER[:split]) + ch.feed(ANSWER[split:]) + ch.flush()
    assert out == EXPECTED


def test_stream_char_by_char_and_holdback_is_bounded(redactor: Redactor) -> None:
    ch = StreamFilter(_filter(redactor))
    out = []
    for c in ANSWER:
        out.append(ch.feed(c))
        assert ch.held <= len(KEY) + 16  # at most the key being streamed and a few words
    out.append(ch.flush())
    assert "".join(out) == EXPECTED
    # text is released as it goes, not only at the end
    assert sum(1 for piece in out if piece) > 5


def test_plain_prose_is_released_word_by_word(redactor: Redactor) -> None:
    ch = StreamFilter(_filter(redactor))
    assert ch.feed("the answer is") == "the answer "
    assert ch.feed(" simple, and") == "is simple, "
    assert ch.feed(" then Dear Ann Lee") == "and then "  # a possible name is held
    assert ch.feed(" said hi ") == "Dear Ann Lee said hi "  # (this engine knows no names)


def test_a_pem_block_is_held_until_its_end(redactor: Redactor) -> None:
    ch = StreamFilter(_filter(redactor))
    out = ch.feed("key: -----BEGIN PRIVATE KEY-----\nabc def\nghi ")
    assert "BEGIN" not in out


def test_stream_holdback_bound_releases_a_runaway_word(redactor: Redactor) -> None:
    ch = StreamFilter(_filter(redactor))
    released = ch.feed("x" * 10_000)
    assert len(released) >= 10_000 - DEFAULT_POLICY.stream_window
    assert released + ch.flush() == "x" * 10_000


def test_json_channel_escapes_restored_values(redactor: Redactor) -> None:
    args = json.dumps({"to": "<PERSON_1>", "mail": "<EMAIL_1>"})
    for split in range(1, len(args)):
        ch = StreamFilter(_filter(redactor), json=True)
        out = ch.feed(args[:split]) + ch.feed(args[split:]) + ch.flush()
        assert json.loads(out) == {"to": 'Ann "Annie" Lee', "mail": "ann.lee@corp.com"}


def test_restore_only_policy_releases_everything_but_an_open_token(redactor: Redactor) -> None:
    from ferryman.settings.policies import OutputPolicySettings, PolicySettings
    from ferryman.transform.policy import compile_policy

    allow = {"public": "allow", "internal": "allow", "sensitive": "allow", "restricted": "allow"}
    policy = compile_policy("p", PolicySettings(output=OutputPolicySettings(actions=allow)))
    vault = Vault()
    vault.token_for("EMAIL", "ann.lee@corp.com")
    ch = StreamFilter(OutputFilter(redactor, policy, vault, Report()))
    assert ch.feed("hello <EMA") == "hello "
    assert ch.feed("IL_1> and bob@corp.com ") == "ann.lee@corp.com and bob@corp.com "
    assert ch.flush() == ""
