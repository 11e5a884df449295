"""`qbo-sandbox serve`: the QBO sandbox as a process of its own (uvicorn on one port)."""

from __future__ import annotations

from pathlib import Path

import typer
import uvicorn

from qbo_sandbox.app import create_app
from qbo_sandbox.config import QboSandboxConfig

app = typer.Typer(help="A local emulator of the QuickBooks Online Accounting API v3.",
                  no_args_is_help=True, add_completion=False)


@app.callback()
def main() -> None:
    """Keeps `serve` a subcommand (typer would fold a lone command into the program)."""


@app.command()
def serve(
    port: int = typer.Option(8702, help="Port on HOST; 0 picks a free one."),
    host: str = typer.Option("127.0.0.1", help="Keep it on loopback: the demo app's "
                             "credentials are public."),
    auto_approve: bool = typer.Option(False, help="The consent page approves itself."),
    batch_latency: float = typer.Option(0.0, help="Seconds a batch call takes "
                                        "(real QBO: a second or more)."),
    rate_limits: bool = typer.Option(False, "--rate-limits", help="Answer 429 past Intuit's "
                                     "per-realm limits (500/min, 10/s, 40 batches/min)."),
    time_scale: float = typer.Option(1.0, help="QBO seconds per wall second, for the "
                                     "throttle windows only."),
    state_file: Path | None = typer.Option(
        None, "--state-file", help="Start from this file if it exists; "
        "POST /_sandbox/state/save writes it (a sandbox restarted from it comes back with "
        "its companies, ids, tokens and remembered requestids)."),
) -> None:
    """Serve the QuickBooks Online API v3 sandbox until stopped (Ctrl-C or SIGTERM)."""
    config = QboSandboxConfig(auto_approve=auto_approve, batch_latency_s=batch_latency,
                              enforce_rate_limits=rate_limits, time_scale=time_scale,
                              state_file=str(state_file) if state_file else None)
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning")
