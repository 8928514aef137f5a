# wirewatch: `make demo` and `make test` install everything they need by themselves.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install jars browser demo test unit lint eval bench train train-alerts clean help

help:
	@echo "make demo   - install, start the local Kafka broker and the worker, replay seeds/, show the alert, stop"
	@echo "make test   - install, lint, type-check and run every test (integration tests start their own broker)"
	@echo "make eval   - print the quality figures of dedup, entities and alerts on the evaluation sets"
	@echo "make bench  - print the speed and state-size figures"
	@echo "make train  - rebuild the shipped models from training/ (deterministic: same files every run)"

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "wirewatch needs Python 3.11 (set PYTHON=/path/to/python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

install: $(STAMP)

# Kafka's jars, checked against streams/ops/broker_files/jars.sha256, into the per-user cache (WIREWATCH_HOME,
# default $XDG_CACHE_HOME/wirewatch or ~/.cache/wirewatch): the demo, the CLI and the integration tests use the
# same cache, so a fresh clone fetches them once.
jars: install
	$(BIN)/wirewatch broker fetch

# The dashboard test drives a real Chromium (Debian's package; nothing is downloaded at test time).
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "the dashboard test needs Chromium: install the 'chromium' package" >&2; exit 1; fi; }

demo: jars
	$(BIN)/wirewatch demo

lint: install
	$(BIN)/ruff check streams agents tests benchmarks
	$(BIN)/mypy streams agents

unit: install
	$(BIN)/pytest -q tests/unit tests/agents

test: lint jars browser
	$(BIN)/pytest -q -p no:cacheprovider

eval: install
	$(BIN)/wirewatch eval dedup
	$(BIN)/wirewatch eval entities
	$(BIN)/wirewatch eval alerts

bench: install
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Each trained model is rebuilt from the files under training/; the recipes are deterministic.
train: train-alerts train-entities train-roles

train-alerts: install
	$(BIN)/python -m training.alerts.train

clean:
	rm -rf $(VENV) .wirewatch .pytest_cache .mypy_cache .ruff_cache *.egg-info

.PHONY: train-entities train-roles
# The learned role reader of the alert stage (training/alerts/roles.py): reads the sentences through the
# entity stage, so it comes after train-entities; seeded, byte-identical on a rerun, about two minutes.
train-roles: install
	$(BIN)/python -m training.alerts.roles

# The fine-tuned entity recogniser (training/entities/README.md): offline, seeded, a few minutes on two cores.
train-entities: install
	$(BIN)/python training/entities/prepare.py
	$(BIN)/python -m spacy train training/entities/config.cfg --code training/entities/functions.py \
	  --output training/entities/build/model
	$(BIN)/python training/entities/export.py
