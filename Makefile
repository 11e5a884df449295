# Two commands for a newcomer: `make demo` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: demo test lint typecheck unit bench chaos clean system-deps services
export LAWBOOKS_PG_PORT ?= 55432
export LAWBOOKS_REDIS_PORT ?= 56379
TEST_ENV := LAWBOOKS_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$(LAWBOOKS_PG_PORT)/postgres \
	LAWBOOKS_TEST_REDIS_URL=redis://127.0.0.1:$(LAWBOOKS_REDIS_PORT)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
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
	$(PY) -m ruff check src tests bench
	$(VENV)/bin/lint-imports

typecheck: $(STAMP)
	$(PY) -m mypy

test: $(STAMP) services lint typecheck
	$(TEST_ENV) $(PY) -m pytest

unit: $(STAMP)
	$(TEST_ENV) $(PY) -m pytest tests/unit

# Benchmarks (issues #8, #20): writes docs/benchmarks.md (and .json, and the plot).
# BENCH_ARGS="--scale quarter" runs faster; "--only idle,one-change,cli" runs a subset;
# many-firms starts a worker and beat on the PostgreSQL and Redis of `make services`.
bench: $(STAMP)
	$(TEST_ENV) PYTHONPATH=tests$${PYTHONPATH:+:$$PYTHONPATH} $(PY) -m bench $(BENCH_ARGS)

# The chaos suite's long run (issue #17, tests/chaos/): at least 200 kills of the real
# `lawbooks sync` and 500 injected faults on a medium firm; writes its figures into
# docs/reliability.md. LAWBOOKS_CHAOS_KILLS=40 LAWBOOKS_CHAOS_FAULTS=100 make chaos is shorter.
chaos: $(STAMP)
	PYTHONPATH=tests$${PYTHONPATH:+:$$PYTHONPATH} $(PY) -m chaos

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
