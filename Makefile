# Two commands for a newcomer: `make demo` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# lawbooks and the two emulators it demos and tests against (emulators/, issue #21).
PROJECTS := pyproject.toml emulators/qbo/pyproject.toml emulators/clio/pyproject.toml
EMULATORS := emulators/qbo emulators/clio
STAMP := $(VENV)/.installed-$(shell cat $(PROJECTS) | sha1sum | cut -c1-12)

.PHONY: demo test lint typecheck unit bench chaos clean system-deps services
export LAWBOOKS_PG_PORT ?= 55432
export LAWBOOKS_REDIS_PORT ?= 56379
TEST_ENV := LAWBOOKS_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$(LAWBOOKS_PG_PORT)/postgres \
	LAWBOOKS_TEST_REDIS_URL=redis://127.0.0.1:$(LAWBOOKS_REDIS_PORT)

# The emulators come first on the line so that pip takes lawbooks' `demo` extra from them and
# never looks them up on an index.
$(STAMP): $(PROJECTS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check \
		$(foreach emulator,$(EMULATORS),-e $(emulator)) -e '.[dev,demo]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/lawbooks demo

system-deps:
	bash scripts/system-deps.sh chromium fonts-liberation postgresql redis-server

# The PostgreSQL and Redis servers the suite runs against (started once, on loopback).
services: system-deps
	bash scripts/services.sh start

lint: $(STAMP)
	$(PY) -m ruff check src tests bench emulators
	$(VENV)/bin/lint-imports
	for emulator in $(EMULATORS); do (cd $$emulator && $(CURDIR)/$(VENV)/bin/lint-imports) || exit 1; done

typecheck: $(STAMP)
	$(PY) -m mypy

# lawbooks' suite, then each emulator's own suite from its own folder (its own pyproject).
test: $(STAMP) services lint typecheck
	$(TEST_ENV) $(PY) -m pytest
	for emulator in $(EMULATORS); do (cd $$emulator && $(CURDIR)/$(PY) -m pytest) || exit 1; done

unit: $(STAMP)
	$(TEST_ENV) $(PY) -m pytest tests/unit

# Benchmarks (issue #8): writes docs/benchmarks.md. BENCH_ARGS="--scale quarter" runs faster;
# "--only throughput,engine,freshness" runs a subset.
bench: $(STAMP)
	$(PY) -m bench $(BENCH_ARGS)

# The chaos suite's long run (issue #17, tests/chaos/): at least 200 kills of the real
# `lawbooks sync` and 500 injected faults on a medium firm; writes its figures into
# docs/reliability.md. LAWBOOKS_CHAOS_KILLS=40 LAWBOOKS_CHAOS_FAULTS=100 make chaos is shorter.
chaos: $(STAMP)
	PYTHONPATH=tests$${PYTHONPATH:+:$$PYTHONPATH} $(PY) -m chaos

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
