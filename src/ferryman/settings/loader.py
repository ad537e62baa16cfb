"""Load the YAML config: parse, resolve ``${VAR}`` / ``${file:/path}`` references, validate.

References are resolved after YAML parsing, value by value, so a secret never passes through a YAML
parser and an error can name the exact field. ``${VAR:-default}`` gives a default. An unset variable
is an error naming the field, never an empty key - except in a provider marked ``optional: true``,
which is then disabled (that is how the example config switches to a real provider only when its
key variable is set).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ferryman.errors import ConfigError
from ferryman.settings.model import Settings

__all__ = ["load_settings", "parse_settings"]

log = logging.getLogger("ferryman.settings")

_REF = re.compile(r"\$\{([^}]*)\}")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_FUTURE_SECTIONS: tuple[str, ...] = ()
_MAX_SECRET_FILE = 64 * 1024
_TOKEN = "FERRYMANREF7c1e"  # noqa: S105 - a placeholder marker, not a secret
_TOKEN_RE = re.compile(_TOKEN + r"(\d+)_")


class _Missing(Exception):
    """A reference that cannot be resolved; carries a reason without any secret value."""


def _protect_refs(text: str) -> tuple[str, list[str]]:
    """Swap each ``${...}`` for a plain token before YAML parsing.

    ``{`` and ``}`` are flow indicators, so ``{api_key: ${KEY}}`` - the natural way to write a
    reference in a one-line mapping - is not valid YAML as it stands. The token is plain-scalar
    safe anywhere; it is swapped back after parsing.
    """
    refs: list[str] = []

    def keep(match: re.Match[str]) -> str:
        refs.append(match.group(0))
        return f"{_TOKEN}{len(refs) - 1}_"

    return _REF.sub(keep, text), refs


def _restore_refs(node: Any, refs: list[str]) -> Any:
    if isinstance(node, str):
        if _TOKEN not in node:
            return node
        return _TOKEN_RE.sub(lambda m: refs[int(m.group(1))], node)
    if isinstance(node, dict):
        return {_restore_refs(k, refs): _restore_refs(v, refs) for k, v in node.items()}
    if isinstance(node, list):
        return [_restore_refs(v, refs) for v in node]
    return node


def _resolve_ref(expr: str, env: Mapping[str, str]) -> str:
    if expr.startswith("file:"):
        path = Path(expr[5:])
        try:
            if path.stat().st_size > _MAX_SECRET_FILE:
                raise _Missing(f"secret file {str(path)!r} is larger than 64 KiB")
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise _Missing(f"cannot read secret file {str(path)!r}: {exc.strerror}") from None
    name, sep, default = expr.partition(":-")
    if not _ENV_NAME.match(name):
        raise _Missing(f"invalid reference ${{{expr}}}")
    value = env.get(name)
    if value:
        return value
    if sep:
        return default
    raise _Missing(f"environment variable {name} is not set")


def _interpolate(node: Any, path: str, env: Mapping[str, str], missing: dict[str, str]) -> Any:
    if isinstance(node, str):
        if "${" not in node:
            return node
        try:
            return _REF.sub(lambda m: _resolve_ref(m.group(1), env), node)
        except _Missing as exc:
            missing[path] = str(exc)
            return None
    if isinstance(node, dict):
        return {
            k: _interpolate(v, f"{path}.{k}" if path else str(k), env, missing)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_interpolate(v, f"{path}[{i}]", env, missing) for i, v in enumerate(node)]
    return node


def _disable_optional_providers(data: dict[str, Any], missing: dict[str, str]) -> None:
    providers = data.get("providers")
    if not isinstance(providers, dict):
        return
    for name, spec in providers.items():
        if not isinstance(spec, dict) or spec.get("optional") is not True:
            continue
        prefix = f"providers.{name}."
        if any(p.startswith(prefix) for p in missing):
            for p in [p for p in missing if p.startswith(prefix)]:
                del missing[p]
            spec.pop("api_key", None)
            spec["enabled"] = False


def _check_no_inline_secrets(raw: dict[str, Any]) -> None:
    """Provider keys must be references: a key pasted into a config file ends up in git."""
    vault = (
        (raw.get("encryption") or {}).get("vault")
        if isinstance(raw.get("encryption"), dict)
        else None
    )
    if isinstance(vault, dict) and vault.get("token") is not None:
        token = vault["token"]
        if not (isinstance(token, str) and _REF.fullmatch(token.strip())):
            raise ConfigError("encryption.vault.token: secrets must not be inline; use ${ENV_VAR}")
    for section, field in (("auth", "pepper"), ("alerts", "webhook_url"), ("audit", "signing_key")):
        block = raw.get(section)
        value = block.get(field) if isinstance(block, dict) else None
        if value is not None and not (isinstance(value, str) and _REF.fullmatch(value.strip())):
            raise ConfigError(
                f"{section}.{field}: secrets must not be inline; use ${{ENV_VAR}} or "
                "${file:/path}"
            )
    providers = raw.get("providers")
    if not isinstance(providers, dict):
        return
    for name, spec in providers.items():
        if not isinstance(spec, dict) or spec.get("api_key") is None:
            continue
        keys = spec["api_key"] if isinstance(spec["api_key"], list) else [spec["api_key"]]
        for value in keys:
            if isinstance(value, str) and _REF.fullmatch(value.strip()):
                continue
            if _local_provider(spec):
                # a key for a server on this machine (a local model server, a test fake) is not a
                # cloud credential; accepted, but flagged, so it does not become a habit
                log.warning(
                    "inline api_key for a loopback provider; prefer ${ENV_VAR}",
                    extra={"provider": name},
                )
                continue
            raise ConfigError(
                f"providers.{name}.api_key: secrets must not be inline; "
                "use ${ENV_VAR} or ${file:/path/to/secret}"
            )


def _local_provider(spec: dict[str, Any]) -> bool:
    from urllib.parse import urlsplit

    from ferryman.settings.base import is_loopback

    base_url = spec.get("base_url")
    host = urlsplit(base_url).hostname if isinstance(base_url, str) else None
    return host is not None and is_loopback(host)


def _format_validation(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = ".".join(str(p) for p in err["loc"] if p not in ("function-after",))
        msg = err["msg"]
        if err["type"] == "extra_forbidden" and len(err["loc"]) == 1 and loc in _FUTURE_SECTIONS:
            msg = "section not supported by this version of ferryman (it would not be enforced)"
        elif err["type"] == "extra_forbidden":
            msg = "unknown field"
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        lines.append(f"{loc or '<root>'}: {msg}")
    return "\n".join(lines)


def parse_settings(
    text: str, *, env: Mapping[str, str] | None = None, source: str = "<config>"
) -> Settings:
    """Parse YAML into validated :class:`Settings`; ConfigError names every bad field."""
    env = os.environ if env is None else env
    text, refs = _protect_refs(text)
    try:
        raw = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{source}: not valid YAML{where}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: the top level must be a mapping of sections")
    raw = _restore_refs(raw, refs)
    _check_no_inline_secrets(raw)
    missing: dict[str, str] = {}
    data = _interpolate(raw, "", env, missing)
    _disable_optional_providers(data, missing)
    if missing:
        details = "\n".join(f"{path}: {why}" for path, why in sorted(missing.items()))
        raise ConfigError(f"{source}: unresolved references\n{details}")
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{source}: invalid configuration\n{_format_validation(exc)}") from None


def load_settings(
    path: str | os.PathLike[str] | None, *, env: Mapping[str, str] | None = None
) -> Settings:
    """Load ``path``; ``None`` means ``$FERRYMAN_CONFIG``, else the built-in default."""
    env = os.environ if env is None else env
    if path is None:
        path = env.get("FERRYMAN_CONFIG") or None
    if path is None:
        from ferryman.settings.defaults import DEFAULT_CONFIG

        return parse_settings(DEFAULT_CONFIG, env=env, source="<built-in default>")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc.strerror}") from None
    return parse_settings(text, env=env, source=str(path))
