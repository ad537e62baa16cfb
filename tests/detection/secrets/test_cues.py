"""Secrets whose cue is not right before them: later in the sentence, compound key names,
free-text labels, URL query strings (the gaps of bench/pii/challenge.jsonl)."""

from __future__ import annotations

import pytest

from tests.detection.secrets.synthetic import ALNUM, HEX, chars, find, spans_of

HEX32 = chars(32, HEX, "cue32")
RANDOM40 = chars(40, ALNUM, "cue40")


@pytest.mark.parametrize(
    ("text", "pw"),
    [
        ("do you need my password too? it's Xekowf@1455\n", "Xekowf@1455"),
        ("do you need my wachtwoord too? it's blauwe-marmotte-77\n", "blauwe-marmotte-77"),
        ("my password for the portal is now Rivière-42!\n", "Rivière-42!"),
        ("le mot de passe du portail est désormais : Tournesol#88\n", "Tournesol#88"),
        ("Das Passwort für das Portal ist jetzt Kastanie1960%\n", "Kastanie1960%"),
        ("la contraseña del portal ahora es Girasol_2019\n", "Girasol_2019"),
        ("la password del portale ora è Fenicottero77*\n", "Fenicottero77*"),
        ("mijn wachtwoord voor het portaal is nu tortuga-thunder-43\n", "tortuga-thunder-43"),
        ("a minha senha do portal agora é Andorinha#2020\n", "Andorinha#2020"),
        ("pw: Zq7vKd91#x\n", "Zq7vKd91#x"),
        ("passcode Zq7vKd91#x for the side door\n", "Zq7vKd91#x"),
        ("-   admin_password: Kastanie1960%\n", "Kastanie1960%"),
        ("+   admin_password: eichh%C3%B6rnchen-tortuga-04\n", "eichh%C3%B6rnchen-tortuga-04"),
        ("+DB_PASSWORD=19IlBAa_0aKwq2%\n", "19IlBAa_0aKwq2%"),
        ('{"smtp_pass": "jWH6GPo&yY0AES"}', "jWH6GPo&yY0AES"),
        ("GET /login?user=bob&password=Xk9%23mQ2vLp&next=/home", "Xk9%23mQ2vLp"),
    ],
)
def test_password_after_a_distant_or_compound_cue(text: str, pw: str) -> None:
    assert find(text) == spans_of(text, pw, "PASSWORD")


@pytest.mark.parametrize(
    "text",
    [
        "do you need my password too? it's fine, I'll reset it\n",
        "my password for the portal is now expired\n",
        "the password is well-known to the team\n",
        "Le mot de passe est trop court.\n",
        "Das Passwort ist abgelaufen, bitte ändern.\n",
        "password reset link: https://portal.example.com/reset?id=42\n",
        "my password manager is 1Password\n",
        "the password ticket is INC-4821\n",
        "my password is bob@example.com\n",
        "password policy: v2.3.1\n",
        "my password for the portal is in the vault as prod-db-01\n",
        "il mio password manager è 1Password\n",
        "Target database passes SQL-92 style statements\n",
        "the cache key `" + HEX32 + "` was evicted\n",
        "the key `d9a148492b81d6e1f8962847ac1d94938ad0267c` is the commit\n",
    ],
)
def test_prose_without_a_password(text: str) -> None:
    assert find(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (f"Runbook v2.3 (last edited 2024-09-08), pager key `{HEX32}`.\n", HEX32),
        (f"Authorization: Token: {RANDOM40}\n", RANDOM40),
        (f"api key (staging): {RANDOM40}\n", RANDOM40),
        (f"the secret for the staging webhook is {RANDOM40}\n", RANDOM40),
        (f"DD_API_KEY: {HEX32}\n", HEX32),
    ],
)
def test_key_behind_a_free_text_label(text: str, value: str) -> None:
    assert find(text) == spans_of(text, value, "GENERIC_API_KEY")
