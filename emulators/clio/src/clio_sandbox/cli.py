"""`clio-sandbox serve`: the Clio sandbox as a process of its own (uvicorn on one port)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import typer
import uvicorn
from fastapi import FastAPI

from clio_sandbox.app import create_app
from clio_sandbox.config import CLIO_RATE_LIMIT, ClioSandboxConfig

app = typer.Typer(help="A local emulator of the Clio Manage API v4.", no_args_is_help=True,
                  add_completion=False)


@app.callback()
def main() -> None:
    """Keeps `serve` a subcommand (typer would fold a lone command into the program)."""


@app.command()
def serve(
    port: int = typer.Option(8701, help="Port on HOST; 0 picks a free one."),
    host: str = typer.Option("127.0.0.1", help="Keep it on loopback: the demo app's "
                             "credentials are public."),
    auto_approve: bool = typer.Option(False, help="The consent page approves itself."),
    rate_limits: bool = typer.Option(False, "--rate-limits", help="Answer 429 past Clio's "
                                     f"{CLIO_RATE_LIMIT} requests a minute per access token."),
    time_scale: float = typer.Option(1.0, help="Sandbox seconds per wall second (tokens "
                                     "age faster above 1)."),
    state_file: Path | None = typer.Option(
        None, "--state-file", help="Start from this file if it exists, and write the "
        "sandbox's firms, ids and tokens to it when the server stops."),
) -> None:
    """Serve the Clio Manage API v4 sandbox until stopped (Ctrl-C or SIGTERM)."""
    config = ClioSandboxConfig(auto_approve=auto_approve, time_scale=time_scale,
                               rate_limit_per_minute=CLIO_RATE_LIMIT if rate_limits else None,
                               state_file=str(state_file) if state_file else None)
    asgi = create_app(config)
    if state_file:
        _save_on_shutdown(asgi, state_file)
    uvicorn.run(asgi, host=host, port=port, log_level="warning")


def _save_on_shutdown(asgi: FastAPI, state_file: Path) -> None:
    """Write the sandbox's state when the server shuts down gracefully (Ctrl-C, SIGTERM):
    in the app's lifespan, because uvicorn re-raises the signal instead of returning. A
    SIGKILL loses what changed since the start."""
    inner = asgi.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        async with inner(app) as state:
            yield state
        app.state.sandbox.save(str(state_file))  # the current one: a reset replaces it

    asgi.router.lifespan_context = lifespan
