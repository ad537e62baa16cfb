from __future__ import annotations

import pytest

from ferryman.transform.vault import Vault, VaultFull


def test_same_value_same_token_and_restore() -> None:
    v = Vault()
    assert v.token_for("EMAIL", "A@x.com") == "<EMAIL_1>"
    assert v.token_for("EMAIL", "a@X.com") == "<EMAIL_1>"  # emails compare case-insensitively
    assert v.token_for("PERSON", "Ann  Lee") == "<PERSON_1>"
    assert v.token_for("PERSON", "Ann Lee") == "<PERSON_1>"
    assert v.restore("hi <PERSON_1>, <EMAIL_1> <EMAIL_9>") == "hi Ann  Lee, A@x.com <EMAIL_9>"
    assert "Ann" not in repr(v)


def test_round_trip_keeps_numbering() -> None:
    v = Vault()
    v.token_for("EMAIL", "a@x.com")
    v.token_for("EMAIL", "b@x.com")
    w = Vault.loads(v.dumps())
    assert w.token_for("EMAIL", "b@x.com") == "<EMAIL_2>"
    assert w.token_for("EMAIL", "c@x.com") == "<EMAIL_3>"


def test_bounded() -> None:
    v = Vault(max_entries=16)
    for i in range(16):
        v.token_for("EMAIL", f"{i}@x.com")
    with pytest.raises(VaultFull):
        v.token_for("EMAIL", "new@x.com")
