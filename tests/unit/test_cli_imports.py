"""The command line starts light (issue #20): `lawbooks --help`, `status` and `sync` load
neither the web app (FastAPI, uvicorn, the password checks), nor Celery and Redis, nor
Alembic once the schema is current, nor the sandboxes. Each command runs in a fresh
interpreter, in process, and the test reads which modules it loaded (timings belong in
`make bench`, not here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("fastapi", "starlette", "uvicorn", "celery", "kombu", "redis", "alembic", "argon2",
         "zxcvbn", "jinja2", "lawbooks.web", "lawbooks.workers", "clio_sandbox", "qbo_sandbox",
         "lawbooks.demo")

RUN = """
import json, sys
from lawbooks.cli.main import app
try:
    app(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def loaded(args: list[str], data_dir: Path) -> tuple[int, set[str]]:
    """Run `lawbooks ARGS` in a fresh interpreter: its exit code and the modules it loaded."""
    env = {**os.environ, "LAWBOOKS_DATA_DIR": str(data_dir)}
    env.pop("LAWBOOKS_DATABASE_URL", None)
    env.pop("LAWBOOKS_REDIS_URL", None)
    done = subprocess.run([sys.executable, "-c", RUN, *args], env=env, cwd=data_dir.parent,
                          capture_output=True, text=True, timeout=120, check=True)
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return answer["code"], set(answer["modules"])


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY
                  or any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store with one firm, made (and migrated) by an earlier process."""
    data_dir = tmp_path / "var"
    code, _ = loaded(["db", "upgrade"], data_dir)
    assert code in (0, None)
    subprocess.run([sys.executable, "-c", "import sys; from lawbooks.bootstrap import "
                    "build_app; from lawbooks.config import Settings; "
                    "build_app(Settings(data_dir=sys.argv[1])).firms.create('Hale & Ortiz')",
                    str(data_dir)], check=True, timeout=120)
    return data_dir


def test_help_loads_only_typer_and_rich(tmp_path: Path):
    code, modules = loaded(["--help"], tmp_path / "var")
    assert code == 0
    assert heavy(modules) == []
    # Not even the store or the settings model: --help opens nothing (nor a TOML parser,
    # with no settings file named).
    assert not {"sqlalchemy", "pydantic_settings", "httpx2", "cryptography", "tomllib"} & {
        m.split(".")[0] for m in modules}


def test_status_of_a_current_store_loads_no_web_app_workers_or_migrations(store: Path):
    code, modules = loaded(["status"], store)
    assert code in (0, None)
    assert "lawbooks.store.db" in modules  # it did open the store...
    assert heavy(modules) == []  # ...without Alembic: the schema was already current


def test_sync_loads_no_web_app_workers_or_migrations(store: Path):
    code, modules = loaded(["sync", "--dry-run"], store)
    assert code == 1  # nothing is connected: the sync stops and says so
    assert "lawbooks.engine.sync" in modules
    assert heavy(modules) == []
    # Settings are read without pydantic-settings (and its dotenv reader), and what only
    # `status` and `reconcile` print stays out, as does the XML parser of QBO's XML faults
    # (issue #20).
    assert not {"pydantic_settings", "dotenv", "xml"} & {m.split(".")[0] for m in modules}
    assert not {"lawbooks.engine.reconcile", "lawbooks.targets.qbo.ledger",
                "lawbooks.services.reconciliation", "lawbooks.services.status"} & modules


def test_a_store_behind_the_schema_is_still_migrated(tmp_path: Path):
    """Skipping Alembic when the schema is current must not skip a needed migration."""
    code, modules = loaded(["db", "upgrade"], tmp_path / "var")
    assert code in (0, None)
    assert "alembic" in modules
