"""Benchmark 5: from a change in Clio to the change in QBO, through the real path.

The web app and the scheduler run in this process (as `lawbooks serve` runs them), the
sandboxes in another. Contacts and bills: a Clio webhook reaches the web app, which asks
for a sync the scheduler starts on its next tick. Payments and trust: no webhook (Clio has
none for them), so the sync interval bounds them.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench import firm as firms
from bench import machine
from bench.child import NoLimits
from bench.context import Context
from bench.probe import Check, Probe
from bench.report import Figure
from bench.servers import Limits, Servers

WEBHOOK_SAMPLES, POLL_SAMPLES = 10, 4
POLL_INTERVAL_MIN = 1  # the shortest interval a firm may choose (services.firm_settings)
NOTE = f"""The scale's firm (`--scale`'s engine firm, `bench/context.py`: `full` at scale
`full`; `bench/firm.py`; which one: the figure's value), backdated as in the `idle` benchmark
and synced once; then the web app and its scheduler at their default tick, lawbooks'
production QBO buckets, sandboxes' limits off.
Webhook-covered changes ({WEBHOOK_SAMPLES} samples, alternating): a contact's email edited, a
new approved bill; the firm's Clio webhooks registered to the web app as its administrator
registers them (`services/webhooks.py`: one URL a registration, handshaken once). Polling
only ({POLL_SAMPLES} samples, alternating): a payment on a synced bill, a trust deposit; the
firm's interval set to {POLL_INTERVAL_MIN} minute (the shortest allowed; the default is 5,
which makes the bound 5 minutes longer). Each change waits a random part of a scheduler tick
first, so that changes are not in step with the ticks. Time = from the Clio write to the
change readable in QBO (polled every 0.2 s)."""


@contextmanager
def web_app(demo: Any, servers: Servers, tmp: Path) -> Iterator[tuple[str, float]]:
    """The web app (webhook receiver) and the scheduler over the demo firm's store."""
    from lawbooks.demo import DEMO_CLIENT_ID, serve
    from lawbooks.services.runner import Scheduler, SyncRunner
    from lawbooks.web.app import create_app
    from lawbooks.web.settings import WebSettings

    settings = WebSettings(data_dir=tmp / "data", clio_base_url=servers.clio,
                           clio_client_id=DEMO_CLIENT_ID, qbo_api_base=servers.qbo)
    runner = SyncRunner(demo.app)
    web = serve(create_app(settings, lb=demo.app, runner=runner))
    scheduler = Scheduler(demo.app, runner, settings.scheduler_tick_s)
    scheduler.start()
    try:
        yield web.url, settings.scheduler_tick_s
    finally:
        scheduler.stop()
        web.stop()


def subscribe(demo: Any, web_url: str) -> None:
    """Register the firm's Clio webhooks as its administrator does (the web app's button,
    `lawbooks webhooks register-clio`): one registration, and URL, a model, each handshaken
    once."""
    from lawbooks.services.webhooks import register_clio_webhooks

    register_clio_webhooks(demo.app, demo.firm_id, web_url)


def _time(change: Callable[[int], Check], n: int, tick_s: float, limit_s: float) -> float:
    time.sleep(random.uniform(0, tick_s))
    start = time.monotonic()
    arrived = change(n)
    while not arrived():
        if time.monotonic() - start > limit_s:
            return float("inf")
        time.sleep(0.2)
    return time.monotonic() - start


def _samples(probe_changes: list[Callable[[int], Check]], count: int, tick_s: float,
             limit_s: float) -> list[float]:
    return [_time(probe_changes[n % len(probe_changes)], n, tick_s, limit_s)
            for n in range(count)]


def _figure(name: str, seconds: list[float], target: bool, extra: dict[str, Any]) -> Figure:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    value = (f"p50 {statistics.median(ordered):.1f} s, p95 {p95:.1f} s, "
             f"max {ordered[-1]:.1f} s (n={len(ordered)}, {extra['firm']} firm)")
    return Figure("5-freshness", name, value, "p95 <= 10 s" if target else "",
                  p95 <= 10 if target else None, machine.load(),
                  {"samples_s": [round(s, 2) for s in seconds], **extra})


def _measure(demo: Any, servers: Servers, tmp: Path, firm: str) -> list[Figure]:
    from lawbooks.bootstrap import RealmLimits

    demo.app.limits = RealmLimits(demo.app.sessions)  # production buckets from here on
    probe = Probe(demo, servers.clio, servers.qbo)
    with web_app(demo, servers, tmp) as (web_url, tick_s):
        subscribe(demo, web_url)
        hooked = _samples([probe.new_bill, probe.change_contact], WEBHOOK_SAMPLES, tick_s, 120)
        settings = demo.app.firms.settings(demo.firm_id)
        demo.app.firms.save_settings(demo.firm_id,
                                     replace(settings, interval_minutes=POLL_INTERVAL_MIN))
        polled = _samples([probe.new_payment, probe.new_deposit], POLL_SAMPLES, tick_s,
                          POLL_INTERVAL_MIN * 60 + 120)
    extra = {"scheduler_tick_s": tick_s, "firm": firm}
    return [_figure("Webhook-covered (bills, contacts)", hooked, True, extra),
            _figure(f"Polling only (payments, trust), {POLL_INTERVAL_MIN}-min interval",
                    polled, False, {**extra, "interval_minutes": POLL_INTERVAL_MIN})]


def run(ctx: Context) -> list[Figure]:
    from lawbooks.bootstrap import sync_firm

    firm = ctx.engine_firm
    with tempfile.TemporaryDirectory() as name, \
            Servers(Limits(clio_backdate_s=firms.BACKDATE_S)) as servers:
        tmp = Path(name)
        demo = firms.connect(servers.clio, servers.qbo, tmp / "data", firm)
        demo.app.limits = NoLimits()
        with firms.backdated(servers.clio, servers.qbo, firms.BACKDATE_S):
            sync_firm(demo.app, demo.firm_id)  # the initial sync is not what is timed here
        return _measure(demo, servers, tmp, firm)
