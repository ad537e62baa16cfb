"""Config loading: references resolve, errors name the field and why, secrets never inline."""

from __future__ import annotations

from pathlib import Path

import pytest

from ferryman.errors import ConfigError
from ferryman.settings import load_settings, parse_settings

BASE = """
providers:
  oai: {kind: openai, base_url: https://api.example.com/v1, api_key: ${OAI_KEY}}
models:
  gpt: {provider: oai, model: gpt-4o-mini}
"""


def test_env_reference_resolves() -> None:
    settings = parse_settings(BASE, env={"OAI_KEY": "sk-abc"})
    assert settings.providers["oai"].keys() == ["sk-abc"]
    assert "sk-abc" not in repr(settings)  # SecretStr


def test_file_reference_resolves_and_strips(tmp_path: Path) -> None:
    secret = tmp_path / "key"
    secret.write_text("sk-from-file\n")
    text = BASE.replace("${OAI_KEY}", f"${{file:{secret}}}")
    assert parse_settings(text, env={}).providers["oai"].keys() == ["sk-from-file"]


def test_unset_variable_names_the_field() -> None:
    with pytest.raises(ConfigError) as info:
        parse_settings(BASE, env={})
    assert "providers.oai.api_key" in info.value.message
    assert "OAI_KEY is not set" in info.value.message


def test_empty_variable_counts_as_unset() -> None:
    with pytest.raises(ConfigError):
        parse_settings(BASE, env={"OAI_KEY": ""})


def test_missing_secret_file_names_the_field(tmp_path: Path) -> None:
    text = BASE.replace("${OAI_KEY}", f"${{file:{tmp_path / 'nope'}}}")
    with pytest.raises(ConfigError) as info:
        parse_settings(text, env={})
    assert "providers.oai.api_key" in info.value.message


def test_default_value_syntax() -> None:
    text = BASE + "server: {port: '${PORT:-9000}'}\n"
    assert parse_settings(text, env={"OAI_KEY": "k"}).server.port == 9000


def test_inline_secret_is_refused() -> None:
    with pytest.raises(ConfigError) as info:
        parse_settings(BASE.replace("${OAI_KEY}", "sk-pasted-into-the-file"), env={})
    assert "providers.oai.api_key" in info.value.message
    assert "sk-pasted" not in info.value.message


def test_inline_key_is_tolerated_only_for_loopback_providers() -> None:
    local = (
        "providers: {p: {kind: openai, base_url: 'http://127.0.0.1:8000/v1', api_key: sk-local}}"
    )
    assert parse_settings(local, env={}).providers["p"].keys() == ["sk-local"]
    remote = "providers: {p: {kind: openai, base_url: 'https://api.x.com/v1', api_key: sk-real}}"
    with pytest.raises(ConfigError):
        parse_settings(remote, env={})


def test_optional_provider_is_disabled_when_its_secret_is_missing() -> None:
    text = BASE.replace("api_key: ${OAI_KEY}}", "api_key: ${OAI_KEY}, optional: true}")
    settings = parse_settings(text, env={})
    assert settings.providers["oai"].enabled is False


@pytest.mark.parametrize(
    ("text", "where", "why"),
    [
        ("server: {port: 99999}", "server.port", "less than or equal"),
        ("server: {prot: 1}", "server.prot", "unknown field"),
        ("providers: {x: {kind: nope}}", "providers.x.kind", "Input should be"),
        ("lighthouses: {}", "lighthouses", "unknown field"),
        ("models: {a: {provider: ghost, model: m}}", "models.a.provider", "unknown provider"),
        (
            "providers: {p: {kind: openai, base_url: 'http://10.0.0.5/v1'}}",
            "providers.p",
            "only allowed to loopback",
        ),
        ("providers: {p: {kind: openai, base_url: 'ftp://x'}}", "providers.p", "http(s)"),
        ("providers: {p: {kind: azure, base_url: 'https://x'}}", "providers.p", "api_version"),
        (
            "providers: {p: {kind: openai, headers: {Authorization: x}}}",
            "providers.p.headers",
            "set by the gateway",
        ),
        ("server: [1, 2]", "server", "valid dictionary"),
        ("- just\n- a list", "top level", "mapping"),
        ("key: [unclosed", "not valid YAML", "line"),
    ],
)
def test_errors_name_field_and_reason(text: str, where: str, why: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_settings(text, env={})
    assert where in info.value.message
    assert why in info.value.message


def test_fallback_must_be_a_known_alias() -> None:
    text = BASE + "  other: {provider: oai, model: m, fallbacks: [ghost]}\n"
    with pytest.raises(ConfigError) as info:
        parse_settings(text, env={"OAI_KEY": "k"})
    assert "models.other.fallbacks" in info.value.message


def test_plain_http_allowed_for_loopback_and_when_explicit() -> None:
    parse_settings("providers: {p: {kind: openai, base_url: 'http://127.0.0.1:8000/v1'}}", env={})
    parse_settings("providers: {p: {kind: openai, base_url: 'http://localhost:11434/v1'}}", env={})
    parse_settings(
        "providers: {p: {kind: openai, base_url: 'http://vllm.internal/v1',"
        " allow_insecure_http: true}}",
        env={},
    )


def test_builtin_default_uses_demo_and_switches_on_keys() -> None:
    demo_only = load_settings(None, env={})
    assert not demo_only.providers["openai"].enabled
    assert demo_only.providers["demo"].enabled
    with_key = load_settings(None, env={"OPENAI_API_KEY": "sk-test"})
    assert with_key.providers["openai"].enabled


def test_ferryman_config_env_is_used(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("server: {port: 1234}\n")
    assert load_settings(None, env={"FERRYMAN_CONFIG": str(cfg)}).server.port == 1234


def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path / "missing.yaml", env={})
    assert "cannot read config file" in info.value.message


def test_webhook_url_and_signing_key_must_be_references() -> None:
    from ferryman.settings.loader import parse_settings as parse

    for text, field in (
        ("alerts: {webhook_url: 'https://hooks.example/T0/B0/x'}", "alerts.webhook_url"),
        ("audit: {signing_key: 'inline-pem'}", "audit.signing_key"),
    ):
        with pytest.raises(ConfigError, match=field):
            parse(text)
