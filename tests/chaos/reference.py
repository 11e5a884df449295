"""The fault-free reference: the same firm, the same edits replayed in the same order on
sandboxes of its own (in this process, so the same Clio ids), then one sync with nothing
killed and nothing injected. Its books are what the chaos run must end with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clio_sandbox.app import create_app as create_clio_app
from clio_sandbox.config import ClioSandboxConfig
from qbo_sandbox.app import create_app as create_qbo_app
from qbo_sandbox.config import QboSandboxConfig

from chaos.books import QboObject, qbo_objects
from chaos.edits import EditLog, replay
from lawbooks.bootstrap import RealmLimits, sync_firm
from lawbooks.demo import serve, set_up_firm
from lawbooks.engine.execute import ExecutionSettings
from lawbooks.engine.retry import RetryPolicy
from reliability.support import Company, read_company

FAST = ExecutionSettings(retry=RetryPolicy(base_delay=0.05), sleep=lambda s: None)


@dataclass(frozen=True)
class Reference:
    company: Company
    objects: list[QboObject]
    planned_after: int  # what a dry run plans after its sync
    realm_id: str
    qbo_url: str


def reference(firm: dict[str, Any], log: EditLog, clio_firm_id: int, data_dir: Path,
              keep: list[Any]) -> Reference:
    """`keep` receives the two servers, for the caller to stop once it has read them."""
    clio = serve(create_clio_app(ClioSandboxConfig(auto_approve=True)))
    qbo = serve(create_qbo_app(QboSandboxConfig(auto_approve=True)))
    keep += [clio, qbo]
    demo = set_up_firm(clio.url, qbo.url, data_dir, firm=firm, trust=True)
    assert demo.clio_firm_id == clio_firm_id, "the reference firm has other ids"
    replay(log, clio.url, demo.clio_firm_id)
    demo.app.limits = RealmLimits(scale=100.0)  # QBO's limits, a hundred times faster
    sync_firm(demo.app, demo.firm_id, execution=FAST)
    again = sync_firm(demo.app, demo.firm_id, dry_run=True)
    demo.app.engine.dispose()
    return Reference(read_company(qbo.url, demo.realm_id), qbo_objects(qbo.url, demo.realm_id),
                     len(again.plan.operations), demo.realm_id, qbo.url)
