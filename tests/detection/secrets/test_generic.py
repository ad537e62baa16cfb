from __future__ import annotations

import pytest

from tests.detection.secrets.synthetic import ALNUM, HEX, chars, find, spans_of

HEX32 = chars(32, HEX, "h32")
RANDOM40 = chars(40, ALNUM, "r40")
AWS_SECRET = chars(36, ALNUM, "aws") + "+/" + chars(2, ALNUM, "aws2")


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        (f"monitoring:\n  api_key: {HEX32}\n", HEX32, "GENERIC_API_KEY"),
        (f"API_TOKEN={RANDOM40}\n", RANDOM40, "GENERIC_API_KEY"),
        (f'"client_secret": "{RANDOM40}"', RANDOM40, "GENERIC_API_KEY"),
        (f"Authorization: Bearer {RANDOM40}", RANDOM40, "GENERIC_API_KEY"),
        (f'aws_secret_access_key="{AWS_SECRET}"', AWS_SECRET, "AWS_SECRET_KEY"),
        (f"MISTRAL_API_KEY={RANDOM40[:32]}\n", RANDOM40[:32], "MISTRAL_API_KEY"),
        (f"COHERE_API_KEY={RANDOM40}\n", RANDOM40, "COHERE_API_KEY"),
        (f"azure:\n  api_key: {HEX32}\n", HEX32, "AZURE_KEY"),
        (f"Ocp-Apim-Subscription-Key: {HEX32}", HEX32, "AZURE_KEY"),
        (f"twilio_auth_token = '{HEX32}'", HEX32, "TWILIO_KEY"),
        (
            f"api_key: 123e4567-e89b-42d3-a456-{HEX32[:12]}\n",
            f"123e4567-e89b-42d3-a456-{HEX32[:12]}",
            "GENERIC_API_KEY",
        ),
    ],
)
def test_value_after_secret_name(text: str, value: str, kind: str) -> None:
    assert find(text) == spans_of(text, value, kind)


@pytest.mark.parametrize(
    "text",
    [
        "GIT_COMMIT=" + chars(40, HEX, "sha") + "\n",
        "digest: sha256:" + chars(64, HEX, "dg") + "\n",
        "request_id=123e4567-e89b-42d3-a456-426614174000",
        "idempotency_key: 123e4567-e89b-42d3-a456-426614174000",
        "token: 123e4567-e89b-42d3-a456-426614174000",
        "api_key: your-api-key-here\n",
        "OPENAI_API_KEY=sk-...\n",
        "token_type: bearer_access_token_v2\n",
        "max_tokens: 4096\n",
        "key: /etc/ssl/private/server.key\n",
        "api_key: ${OPENAI_API_KEY}\n",
        "secret_name: production-database-credentials\n",
        "The key is in the drawer next to the keyboard",
        "auth_version: 2.14.0-rc.1\n",
    ],
)
def test_non_secrets_next_to_secret_names(text: str) -> None:
    assert find(text) == []
