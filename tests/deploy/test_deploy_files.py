"""The shipped deployment files: the container image recipe, the compose stack and its nginx
config, and the Kubernetes manifests - rendered with kustomize where kubectl is installed and
validated against the Kubernetes OpenAPI schemas (kubernetes-validate, strict: unknown fields
fail); the sample configs load with ferryman's own loader, and the shutdown timings nest."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from ferryman.settings import load_settings
from ferryman.settings.model import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "deploy" / "compose"
K8S = ROOT / "deploy" / "k8s"
K8S_VERSION = "1.32"


# ------------------------------------------------------------------ the image


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def test_image_is_multi_stage_hash_checked_and_slim() -> None:
    text = _dockerfile()
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11\.\d+-slim", text, re.M)  # an exact tag
    stages = re.findall(r"^FROM \S+ AS (\w+)", text, re.M)
    assert stages == ["build", "runtime"]
    build, runtime = text.split("AS runtime")
    assert "--require-hashes" in build and "-r requirements.lock" in build
    assert "--no-index" in build  # nothing after the hash-checked download is fetched
    # the runtime stage copies the venv only: no source tree, no wheels, no build tools
    assert re.findall(r"^COPY .*$", runtime, re.M) == [
        "COPY --from=build /opt/ferryman /opt/ferryman"
    ]
    assert not re.search(r"apt-get|gcc|build-essential|pip install", runtime)
    assert not re.search(r"(?i)^(ARG|ENV) .*(key|secret|token|password|pepper)", text, re.M)


def test_image_runs_unprivileged_with_the_contract_entrypoint() -> None:
    runtime = _dockerfile().split("AS runtime")[1]
    assert re.search(r"^USER 10001:10001$", runtime, re.M)
    assert re.search(r"^EXPOSE 8080$", runtime, re.M)
    assert 'ENTRYPOINT ["ferryman"]' in runtime
    assert 'CMD ["serve", "--config", "/etc/ferryman/ferryman.yaml"]' in runtime
    health = re.search(r"^HEALTHCHECK .*\n\s+CMD (.*)$", runtime, re.M)
    assert health and "FERRYMAN_HEALTH_URL" in health.group(1)
    assert "FERRYMAN_HEALTH_URL=http://127.0.0.1:8080/healthz" in runtime
    assert "PYTHONDONTWRITEBYTECODE=1" in runtime  # read-only root filesystem friendly


def test_dockerignore_admits_only_the_build_inputs() -> None:
    lines = [
        line
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert lines[0] == "*"
    admitted = {line[1:] for line in lines if line.startswith("!")}
    assert admitted == {"requirements.lock", "pyproject.toml", "setup.py", "README.md", "src/"}
    copied = set(re.findall(r"^COPY (?!--from)(.+) \S+$", _dockerfile(), re.M))
    for sources in copied:
        for source in sources.split():
            assert source in admitted or source + "/" in admitted, source


# ------------------------------------------------------------------ configs and timings


def _secret_files(tmp: Path, prefix: str, names: dict[str, str]) -> dict[str, str]:
    folder = tmp / "secrets"
    folder.mkdir(exist_ok=True)
    for name, value in names.items():
        (folder / name).write_text(value + "\n")
    return {prefix: str(folder) + "/"}


def _load(text: str, tmp: Path, replace: dict[str, str]) -> Settings:
    for old, new in replace.items():
        text = text.replace(old, new)
    path = tmp / "ferryman.yaml"
    path.write_text(text)
    return load_settings(path, env={})


def test_compose_config_loads_and_its_timings_nest(tmp_path: Path) -> None:
    secrets = _secret_files(
        tmp_path,
        "/run/secrets/",
        {
            "postgres-password": "pg-secret-123",
            "ferryman-pepper": "a-pepper-of-at-least-16-chars",
            "openai-api-key": "sk-test-0123456789",
        },
    )
    settings = _load((COMPOSE / "ferryman.yaml").read_text(), tmp_path, secrets)
    assert settings.storage.url.startswith("postgresql+asyncpg://ferryman:pg-secret-123@postgres")
    assert settings.cache.url == "redis://redis:6379/0"
    assert settings.auth.pepper is not None
    compose = yaml.safe_load((COMPOSE / "docker-compose.yaml").read_text())
    subnet = compose["networks"]["backend"]["ipam"]["config"][0]["subnet"]
    assert settings.server.trusted_proxies == [subnet]
    for name in ("ferryman-1", "ferryman-2"):
        service = compose["services"][name]
        grace = int(service["stop_grace_period"].rstrip("s"))
        assert grace > settings.server.drain_s + settings.server.shutdown_grace_s
        assert service["read_only"] is True and service["user"] == "10001:10001"
        assert service["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert compose["services"]["migrate"]["command"][0] == "migrate"
    assert compose["services"]["migrate"]["restart"] == "no"


def _compose_cli() -> list[str]:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    assert legacy, "docker compose or docker-compose is required (.ci/run installs it)"
    return [legacy]


def test_compose_file_is_valid() -> None:
    res = subprocess.run(
        [*_compose_cli(), "-f", str(COMPOSE / "docker-compose.yaml"), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=COMPOSE,
    )
    assert res.returncode == 0, res.stderr


def test_nginx_config_is_valid(tmp_path: Path) -> None:
    from tests.deploy.nginx import nginx_config

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is required (.ci/run installs it)"
    conf = nginx_config(tmp_path, 18080, ["127.0.0.1:1", "127.0.0.1:2"])
    res = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert res.returncode == 0, res.stderr
    text = (COMPOSE / "nginx.conf").read_text()
    assert "proxy_next_upstream error timeout non_idempotent;" in text
    assert "proxy_buffering off;" in text  # streams are relayed as they come


# ------------------------------------------------------------------ Kubernetes


def _docs(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def _rendered() -> list[dict[str, Any]]:
    """`kubectl kustomize` when kubectl is there; else the listed resources with the image tag
    applied (what the kustomization does)."""
    kubectl = shutil.which("kubectl")
    if kubectl:
        res = subprocess.run(
            [kubectl, "kustomize", str(K8S)], capture_output=True, text=True, timeout=60
        )
        assert res.returncode == 0, res.stderr
        return [d for d in yaml.safe_load_all(res.stdout) if d]
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    docs = [d for name in kustomization["resources"] for d in _docs(K8S / name)]
    for doc in docs:
        for c in doc.get("spec", {}).get("template", {}).get("spec", {}).get("containers", []):
            c["image"] = "ferryman:" + kustomization["images"][0]["newTag"]
    return docs


def _by_kind(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {d["kind"]: d for d in docs}


def test_manifests_validate_against_the_kubernetes_schemas() -> None:
    docs = _rendered() + _docs(K8S / "migrate-job.yaml") + _docs(K8S / "secret.example.yaml")
    kinds = {d["kind"] for d in docs}
    assert {
        "Deployment",
        "Service",
        "ConfigMap",
        "PodDisruptionBudget",
        "HorizontalPodAutoscaler",
        "Job",
        "Secret",
    } <= kinds
    for doc in docs:
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
    monitor = _docs(K8S / "optional" / "servicemonitor.yaml")[0]  # a CRD: checked by hand
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    assert monitor["spec"]["endpoints"][0]["path"] == "/metrics"
    assert monitor["spec"]["endpoints"][0]["port"] == "http"


def test_the_validator_catches_a_misspelled_field() -> None:
    deployment = _by_kind(_rendered())["Deployment"]
    pod = deployment["spec"]["template"]["spec"]
    pod["containers"][0]["readinessProbes"] = pod["containers"][0].pop("readinessProbe")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)


def test_deployment_probes_security_and_shutdown_timings(tmp_path: Path) -> None:
    docs = _by_kind(_rendered())
    pod = docs["Deployment"]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["image"] == "ferryman:0.1.0"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001
    assert "cpu" in container["resources"]["requests"]  # the HPA scales on CPU utilisation
    hpa = docs["HorizontalPodAutoscaler"]["spec"]
    assert hpa["metrics"][0]["resource"]["name"] == "cpu" and hpa["minReplicas"] >= 2
    assert docs["PodDisruptionBudget"]["spec"]["minAvailable"] == 1
    # the config in the ConfigMap loads, with its secrets from the mounted Secret's files
    secrets = _secret_files(
        tmp_path,
        "/run/secrets/ferryman/",
        {
            "database-url": "postgresql+asyncpg://ferryman:pw@db:5432/ferryman",
            "redis-url": "redis://redis:6379/0",
            "pepper": "a-pepper-of-at-least-16-chars",
            "openai-api-key": "sk-test-0123456789",
        },
    )
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    assert mounts["secrets"] + "/" in secrets and mounts["config"] == "/etc/ferryman"
    settings = _load(docs["ConfigMap"]["data"]["ferryman.yaml"], tmp_path, secrets)
    assert settings.encryption.local_dir == mounts["kek"]
    pre_stop = int(container["lifecycle"]["preStop"]["exec"]["command"][1])
    server = settings.server
    assert (
        pod["terminationGracePeriodSeconds"] > pre_stop + server.drain_s + server.shutdown_grace_s
    )
    # the migration Job runs the same image and config
    job = _docs(K8S / "migrate-job.yaml")[0]["spec"]["template"]["spec"]
    assert job["containers"][0]["args"][0] == "migrate"
    assert job["containers"][0]["image"] == container["image"]
    assert job["containers"][0]["securityContext"]["readOnlyRootFilesystem"] is True
