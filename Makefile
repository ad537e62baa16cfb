# The two commands of the README: `make run` (the gateway) and `make test` (checks + tests).
# Both create ./.venv on first use and install the pinned, hash-checked dependencies.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CONFIG ?=

.PHONY: run test check install bench clean

# the modules setup.py compiles with mypyc (a superset: any change here rebuilds them)
NATIVE_SRC := setup.py src/ferryman/detection/normalize.py $(wildcard src/ferryman/detection/injection/*.py)

$(STAMP): requirements.lock pyproject.toml $(NATIVE_SRC)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(if $(filter 1,$(FERRYMAN_PURE)),find src -name '*.so' -delete,)
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -c "import ferryman.detection.injection.scanner as m; assert m.__file__.endswith('.so') or '$(FERRYMAN_PURE)' == '1', m.__file__"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/ferryman serve $(if $(CONFIG),--config $(CONFIG),)

check: $(STAMP)
	scripts/check

test: $(STAMP)
	scripts/check
	scripts/test

lock:
	$(VENV)/bin/pip-compile -q --extra dev --generate-hashes --strip-extras --allow-unsafe -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build
	find src -name '*.so' -delete
