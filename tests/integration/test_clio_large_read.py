"""Issue 4's proof: reading a large firm costs one request per 200 records per stream and
never trips Clio's rate limit (50 a minute per token, on a compressed clock)."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import httpx2
import pytest
from clio_sandbox.app import create_app
from clio_sandbox.config import ClioSandboxConfig

from lawbooks.bootstrap import build_app
from lawbooks.config import Settings
from lawbooks.demo import serve
from lawbooks.sources.clio.client import ClioClient
from lawbooks.sources.clio.source import ClioSource
from lawbooks.sources.clio.streams import STREAMS
from lawbooks.store.records import SqlRecordStore

pytestmark = pytest.mark.slow


def test_a_large_firm_is_read_in_pages_of_200_within_the_rate_limit(tmp_path: Path):
    # 50 requests a minute, a minute lasting a tenth of a second: the limit binds constantly.
    server = serve(create_app(ClioSandboxConfig(rate_limit_per_minute=50, time_scale=600)))
    try:
        with httpx2.Client(base_url=server.url, timeout=600) as admin:
            firm = admin.post("/_sandbox/firms", json={"generate": {"size": "large",
                                                                    "seed": 7}}).json()
        paths: Counter[str] = Counter()
        throttled: list[str] = []

        def count(response: httpx2.Response) -> None:
            paths[urlparse(str(response.request.url)).path.rsplit("/", 1)[-1]] += 1
            if response.status_code == 429:
                throttled.append(str(response.request.url))

        http = httpx2.Client(base_url=server.url, timeout=120,
                             headers={"Authorization": f"Bearer {firm['access_token']}"},
                             event_hooks={"response": [count]})
        app = build_app(Settings(data_dir=tmp_path / "var"))
        store = SqlRecordStore(app.sessions, app.firms.create("Large firm"))
        ClioSource(ClioClient(http), store).pull()
    finally:
        server.stop()
    records = {s.name: sum(1 for _ in store.records(s.name)) for s in STREAMS}
    assert records["contacts"] >= 5000 and records["bills"] >= 50000
    assert throttled == []
    for stream in STREAMS:
        pages = max(1, math.ceil(records[stream.name] / 200))
        assert paths[stream.path] == pages, (stream.name, records[stream.name],
                                             paths[stream.path])
