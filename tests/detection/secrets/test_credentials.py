from __future__ import annotations

import pytest

from tests.detection.secrets.synthetic import chars, find, spans_of

PW = "Zq7" + chars(9, seed="pw") + "#!"


@pytest.mark.parametrize(
    "template",
    [
        "database:\n  user: app\n  password: {p}\n  pool_size: 5\n",
        "DB_PASSWORD={p}\n",
        '{{"user": "app", "password": "{p}"}}',
        "[db]\npasswd = {p}\n",
        "Server=db;User Id=app;Password={p};",
        "<password>{p}</password>",
        "mysqldump --password {p} orders",
        "if you need to log in, my password is {p}\n",
        "Mon mot de passe : {p}",
        "Das Passwort lautet {p}.",
        "Mi contraseña es {p}",
        "Mijn wachtwoord is {p}",
        "la password è {p}",
        "PWD: {p}",
    ],
)
def test_password_value_is_found(template: str) -> None:
    text = template.format(p=PW)
    assert find(text) == spans_of(text, PW, "PASSWORD")


@pytest.mark.parametrize(
    "text",
    [
        "Your password is required.",
        "The password is expired, please reset it",
        "password: ${DB_PASSWORD}\n",
        "password: <your-password>\n",
        "password = os.environ['DB_PASSWORD']\n",
        "password: ********\n",
        "password_min_length: 12\n",
        "password_reset_url: https://example.com/reset\n",
        "Passwort ist abgelaufen",
        "I passed the passport check",
    ],
)
def test_password_words_without_a_password(text: str) -> None:
    assert find(text) == []


@pytest.mark.parametrize(
    "url",
    [
        "postgres://app_user:{p}@db-1.internal.example.net:5432/orders",
        "mysql://svc:{p}@10.0.0.1/db",
        "redis://:{p}@cache:6379/0",
        "https://deploy:{p}@git.example.com/repo.git",
    ],
)
def test_password_in_a_credential_url(url: str) -> None:
    pw = chars(16, seed="url")
    text = "DATABASE_URL=" + url.format(p=pw) + "\n"
    assert find(text) == spans_of(text, pw, "URL_WITH_CREDENTIALS")


def test_url_without_credentials_is_left_alone() -> None:
    assert find("see https://example.com:8443/path and postgres://db:5432/x") == []
