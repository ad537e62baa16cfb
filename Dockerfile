# syntax=docker/dockerfile:1
# ferryman's production image (docs/deploy.md).
#
#   docker build -t ferryman:0.1.0 .
#   docker run --read-only --tmpfs /tmp -v /srv/ferryman.yaml:/etc/ferryman/ferryman.yaml:ro \
#     -p 8080:8080 ferryman:0.1.0
#
# Stage 1 fetches every locked wheel with its hash checked (`--require-hashes`), builds ferryman's
# own wheel offline and installs the runtime dependencies into a virtualenv. Stage 2 is the slim
# base with that virtualenv only: no compiler, no pip in the venv, no source tree, no secrets.
#
# The base is pinned by its exact tag; release builds pin the digest as well
# (PYTHON_IMAGE=python:3.11.14-slim-bookworm@sha256:...), from `docker buildx imagetools inspect`.
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY requirements.lock ./
# every pinned wheel, hash-checked; nothing unpinned is ever fetched
RUN pip download --require-hashes --no-deps --only-binary=:all: -r requirements.lock -d /wheels
COPY pyproject.toml setup.py README.md ./
COPY src ./src
# ferryman's wheel, built offline with the locked setuptools and mypy: mypyc compiles the
# inspection hot path to C (setup.py), so this stage has a C compiler; the runtime stage has none
RUN apt-get update -q && apt-get install -y -q --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/* \
 && python -m venv /opt/build-tools \
 && /opt/build-tools/bin/pip install --no-index --find-links /wheels setuptools mypy \
 && /opt/build-tools/bin/pip wheel --no-index --no-deps --no-build-isolation . -w /wheels
# the runtime venv: only what ferryman itself needs (the lock's dev tools stay behind)
RUN python -m venv /opt/ferryman \
 && /opt/ferryman/bin/pip install --no-index --find-links /wheels ferryman \
 && /opt/ferryman/bin/pip uninstall -y -q pip \
 && find /opt/ferryman -name '__pycache__' -prune -exec rm -rf {} + \
 && /opt/ferryman/bin/python -m compileall -q /opt/ferryman/lib

FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="ferryman" \
      org.opencontainers.image.description="The one gate through which a company's AI API calls leave." \
      org.opencontainers.image.licenses="Apache-2.0"
# a fixed, unprivileged uid/gid (Kubernetes' runAsNonRoot checks the numeric id)
RUN groupadd --system --gid 10001 ferryman \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/ferryman --no-create-home \
      --shell /usr/sbin/nologin ferryman \
 && install -d -o 10001 -g 10001 -m 0700 /var/lib/ferryman /var/lib/ferryman/keys \
 && install -d -m 0755 /etc/ferryman
COPY --from=build /opt/ferryman /opt/ferryman
# The root filesystem can be read-only: bytecode is precompiled, and the only places the gateway
# may write are /var/lib/ferryman (the working directory: `.ferryman/` pepper, audit signing key
# and local KEKs when they are not configured - SQLite only) and /tmp (Prometheus samples with
# several workers). Mount a volume or tmpfs there; see docs/deploy.md.
ENV PATH=/opt/ferryman/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    FERRYMAN_CONFIG=/etc/ferryman/ferryman.yaml \
    FERRYMAN_HEALTH_URL=http://127.0.0.1:8080/healthz
WORKDIR /var/lib/ferryman
USER 10001:10001
EXPOSE 8080
# liveness only (the process serves HTTP); readiness is /readyz, for the balancer
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(os.environ['FERRYMAN_HEALTH_URL'], timeout=2)"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["ferryman"]
CMD ["serve", "--config", "/etc/ferryman/ferryman.yaml"]
