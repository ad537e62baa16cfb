"""The production example in docs/transport.md is a valid configuration (docs cannot drift)."""

from __future__ import annotations

import re
from pathlib import Path

from ferryman.settings import parse_settings
from tests.fakes.pki import Authority

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_hardened_production_example_is_valid(tmp_path: Path) -> None:
    text = (DOCS / "transport.md").read_text()
    example = text.split("## A hardened production example", 1)[1]
    yaml_text = re.search(r"```yaml\n(.*?)```", example, re.S).group(1)  # type: ignore[union-attr]
    ca = Authority(tmp_path)
    server = ca.issue("tls", "127.0.0.1", server=True)
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    for name in (
        "pg-password",
        "ferryman-pepper",
        "vault-token",
        "openai-key-1",
        "openai-key-2",
        "azure-key",
    ):
        (secrets / name).write_text(f"{name}-value-0123456789abcdef")
    yaml_text = (
        yaml_text.replace("/run/secrets/", f"{secrets}/")
        .replace("/etc/ferryman/tls/tls.crt", str(server.cert))
        .replace("/etc/ferryman/tls/tls.key", str(server.key))
        .replace("/etc/ferryman/tls/clients-ca.pem", str(ca.pair.cert))
    )
    settings = parse_settings(yaml_text, env={})
    assert settings.tls is not None and settings.tls.redirect_http_port == 8080
    assert settings.encryption.provider == "vault"
    assert settings.providers["openai"].keys() == [
        "openai-key-1-value-0123456789abcdef",
        "openai-key-2-value-0123456789abcdef",
    ]


def test_policy_example_is_valid_and_means_what_the_docs_say() -> None:
    from ferryman.transform.policy import Act, compile_policy

    text = (DOCS / "protection.md").read_text()
    example = text.split("## Policies", 1)[1]
    yaml_text = re.search(r"```yaml\n(.*?)```", example, re.S).group(1)  # type: ignore[union-attr]
    settings = parse_settings(yaml_text, env={"OPENAI_API_KEY": "sk-test-0123456789abcdef"})
    strict = compile_policy("strict", settings.policies["strict"])
    assert strict.request_action("OPENAI_API_KEY") is Act.BLOCK
    assert strict.request_action("EMAIL") is Act.PSEUDONYMIZE
    assert strict.block_non_text and strict.conversation_vault
    default = compile_policy("default", settings.policies["default"])
    assert default.request_action("IP_ADDRESS") is Act.ALLOW  # reclassified as public
    assert settings.models["external-gpt"].policy == "strict"


def test_audit_page_lists_every_event_field() -> None:
    from ferryman.audit.event import FIELDS

    text = (DOCS / "audit.md").read_text()
    table = text.split("## The event", 1)[1].split("## Sinks", 1)[0]
    missing = [f for f in FIELDS if f"`{f}`" not in table]
    assert missing == []


def test_every_exported_metric_is_documented() -> None:
    import importlib
    import pkgutil

    from prometheus_client import REGISTRY

    import ferryman

    for mod in pkgutil.walk_packages(ferryman.__path__, "ferryman."):
        if mod.name.startswith(("ferryman.observability", "ferryman.server", "ferryman.pipeline")):
            importlib.import_module(mod.name)
    names = {m.name for m in REGISTRY.collect() if m.name.startswith("ferryman_")}
    docs = "".join(p.read_text() for p in DOCS.glob("*.md"))
    undocumented = sorted(n for n in names if n not in docs and f"{n}_total" not in docs)
    assert undocumented == []
