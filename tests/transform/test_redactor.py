from __future__ import annotations

from ferryman.settings.policies import PolicySettings
from ferryman.transform.policy import DEFAULT_POLICY, compile_policy
from ferryman.transform.redactor import Redactor, Report
from ferryman.transform.vault import Vault

TEXT = "mail ann.lee@corp.com or bob@corp.com, again ann.lee@corp.com; card 4111 1111 1111 1111"


def test_default_policy_pseudonymizes_contacts_and_masks_cards(redactor: Redactor) -> None:
    vault, report = Vault(), Report()
    out = redactor.redact(TEXT, DEFAULT_POLICY, vault, report)
    assert out == "mail <EMAIL_1> or <EMAIL_2>, again <EMAIL_1>; card [CREDIT_CARD]"
    assert vault.restore(out).startswith("mail ann.lee@corp.com or bob@corp.com, again ann.lee")
    assert report.counts[("EMAIL", "pseudonymize")] == 3
    assert report.counts[("CREDIT_CARD", "mask")] == 1
    assert not report.blocked


def test_block_reports_type_and_location_but_masks(redactor: Redactor) -> None:
    policy = compile_policy(
        "strict",
        PolicySettings(
            actions={
                "public": "allow",
                "internal": "allow",
                "sensitive": "allow",
                "restricted": "block",
            }
        ),
    )
    report = Report()
    out = redactor.redact(TEXT, policy, Vault(), report, where="messages[0].content")
    assert "4111" not in out and "ann.lee@corp.com" in out
    assert report.blocked == [("CREDIT_CARD", "messages[0].content", 68, 87)]


def test_hash_tokens_are_stable_and_keyed(redactor: Redactor) -> None:
    policy = compile_policy(
        "h",
        PolicySettings(
            actions={
                "public": "allow",
                "internal": "hash",
                "sensitive": "hash",
                "restricted": "hash",
            }
        ),
    )
    a = redactor.redact("x bob@corp.com", policy, Vault(), Report())
    b = redactor.redact("y bob@corp.com", policy, Vault(), Report())
    assert a[2:] == b[2:] and a.startswith("x [EMAIL:") and "bob" not in a
    other = Redactor(redactor.engine, type(redactor.hasher)(b"other-key" * 4))
    assert other.redact("x bob@corp.com", policy, Vault(), Report()) != a


def test_type_entry_overrides_group_and_class(redactor: Redactor) -> None:
    policy = compile_policy(
        "p",
        PolicySettings(
            classes={"EMAIL": "public"},
            actions={
                "public": "allow",
                "internal": "mask",
                "sensitive": "mask",
                "restricted": "mask",
                "FINANCIAL": "pseudonymize",
            },
        ),
    )
    out = redactor.redact(TEXT, policy, Vault(), Report())
    assert "ann.lee@corp.com" in out and "<CREDIT_CARD_1>" in out


def test_ignored_types_are_not_detected(redactor: Redactor) -> None:
    policy = compile_policy("p", PolicySettings(ignore=["EMAIL"]))
    out = redactor.redact(TEXT, policy, Vault(), Report())
    assert "bob@corp.com" in out and "[CREDIT_CARD]" in out
