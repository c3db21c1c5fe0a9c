# Two commands do all set-up: `make demo` runs the product, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.lock pyproject.toml 2>/dev/null | cksum | cut -d' ' -f1)
DEMO_SERVE ?= 1

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install demo test lint check unit integration e2e bench lock clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): requirements-dev.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP) ## create .venv and install the locked dependencies

demo: $(STAMP) ## run the whole product on embedded defaults (DEMO_SERVE=0: build everything, then exit)
	DEMO_SERVE=$(DEMO_SERVE) $(BIN)/python -m config.demo

lint: $(STAMP) ## ruff
	$(BIN)/ruff check .

check: $(STAMP) ## Django system checks and missing migrations
	DEBUG=1 $(BIN)/python manage.py check --fail-level WARNING
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

test: lint check ## lint, checks, then every test (unit, integration, e2e)
	DEBUG=1 $(BIN)/python -m pytest tests

unit: $(STAMP) ## unit tests only
	DEBUG=1 $(BIN)/python -m pytest tests/unit

integration: $(STAMP) ## integration tests only
	DEBUG=1 $(BIN)/python -m pytest tests/integration

e2e: $(STAMP) ## browser tests only
	DEBUG=1 $(BIN)/python -m pytest tests/e2e

bench: $(STAMP) ## run every benchmark and print its figures
	@for script in bench/*.py; do echo "== $$script"; DEBUG=1 $(BIN)/python $$script || exit 1; done

lock: $(STAMP) ## re-resolve requirements*.lock from pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --extra dev -o requirements-dev.lock pyproject.toml

clean: ## remove .venv and var/
	rm -rf $(VENV) var
