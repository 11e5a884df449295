"""What must hold at the end of a chaos run, each check on its own so that a failing run
says everything that is wrong, not only the first thing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chaos import books, store_view
from chaos.books import ClioBooks, QboObject
from chaos.reference import Reference
from reliability.support import Company, Document

PLANNED = re.compile(r"Plan for realm \S+: (\d+) operations")


def planned(dry_run_output: str) -> int | None:
    """The operations `lawbooks sync --dry-run` printed it would make (None: it printed no
    plan, e.g. it stopped)."""
    found = PLANNED.search(dry_run_output)
    return int(found.group(1)) if found else None


@dataclass
class Checks:
    failures: dict[str, list[str]] = field(default_factory=dict)
    passed: list[str] = field(default_factory=list)

    def check(self, name: str, problems: list[str]) -> None:
        if problems:
            self.failures[name] = problems
        else:
            self.passed.append(name)


@dataclass(frozen=True)
class World:
    """The chaos run's end state, as read after the last sync."""

    company: Company
    objects: list[QboObject]
    links: dict[str, store_view.LinkRow]
    clio: ClioBooks
    qbo_url: str
    realm_id: str
    unsettled: list[str]  # operations pending or waiting
    operations: dict[str, int]  # operations by status
    runs: dict[str, int]  # runs by status


def _live(company: Company) -> dict[tuple[str, str], Document]:
    return {k: v for k, v in company.documents.items() if not v[4]}


def duplicates(company: Company) -> list[str]:
    return ([f"contact {c}: {n} customers" for c, n in company.duplicate_customers.items()]
            + [f"{d}: {n} objects" for d, n in company.duplicates.items()]
            + ([f"{company.untagged} objects without lawbooks' tag"] if company.untagged else []))


def run_checks(world: World, ref: Reference, reconcile: tuple[int, str],
               dry_run: tuple[int, str]) -> Checks:
    checks = Checks()
    checks.check("no duplicate", duplicates(world.company))
    checks.check("no orphan: every object lawbooks made is linked",
                 [books.describe(o, world.links) for o in books.unlinked(world.objects,
                                                                        world.links)])
    checks.check("every link is live (or voided as its link says)",
                 books.dead_links(world.objects, world.links))
    receivable = books.qbo_receivable(world.objects)
    trust, bank = books.qbo_trust(world.objects, world.qbo_url, world.realm_id)
    checks.check("A/R per client equals Clio's",
                 books.differences(receivable, world.clio.receivable))
    checks.check("each invoice's open balance equals its bill's",
                 books.differences(books.invoice_balances(world.objects),
                                   world.clio.bill_balances))
    clio_total = sum(world.clio.trust.values(), books.ZERO)
    three_way = ([] if bank == sum(trust.values(), books.ZERO) == clio_total else
                 [f"trust bank {bank}, client ledgers {sum(trust.values(), books.ZERO)}, "
                  f"Clio {clio_total}"])
    checks.check("trust per client equals Clio's, three ways",
                 books.differences(trust, world.clio.trust) + three_way)
    ref_trust, _ = books.qbo_trust(ref.objects, ref.qbo_url, ref.realm_id)
    checks.check("the fault-free reference agrees with Clio (the harness's own check)",
                 books.differences(books.qbo_receivable(ref.objects), world.clio.receivable)
                 + books.differences(ref_trust, world.clio.trust)
                 + ([f"its dry run plans {ref.planned_after}"] if ref.planned_after else []))
    checks.check("A/R and trust per client equal the fault-free reference's",
                 books.differences(receivable, books.qbo_receivable(ref.objects))
                 + books.differences(trust, ref_trust))
    checks.check("live documents equal the fault-free reference's",
                 _document_differences(_live(world.company), _live(ref.company)))
    theirs, ours = books.customers(ref.objects), books.customers(world.objects)
    checks.check("every customer of the reference, the same",
                 [f"contact {c}: {ours.get(c)} vs {v}" for c, v in sorted(theirs.items())
                  if ours.get(c) != v][:10])
    code, text = reconcile
    checks.check("lawbooks reconcile exits 0",
                 [] if code == 0 else [f"exit {code}", *_tail(text)])
    code, text = dry_run
    count = planned(text)
    checks.check("lawbooks sync --dry-run plans nothing",
                 [] if code == 0 and count == 0 else [f"exit {code}, plans {count}",
                                                      *_tail(text, 12)])
    checks.check("no operation pending or waiting", world.unsettled[:20])
    running = sum(world.runs.get(s, 0) for s in store_view.UNSETTLED_RUNS)
    checks.check("no run left running", [f"{running} runs still 'running'"] if running else [])
    return checks


def _document_differences(ours: dict[tuple[str, str], Document],
                          theirs: dict[tuple[str, str], Document]) -> list[str]:
    missing = sorted(set(theirs) - set(ours))
    extra = sorted(set(ours) - set(theirs))
    differ = sorted(k for k in set(ours) & set(theirs) if ours[k] != theirs[k])
    return ([f"missing {' '.join(k)}" for k in missing[:10]]
            + [f"extra {' '.join(k)}" for k in extra[:10]]
            + [f"{' '.join(k)}: {ours[k]} vs {theirs[k]}" for k in differ[:10]])


def _tail(text: str, lines: int = 8) -> list[str]:
    return [line for line in text.strip().splitlines()[-lines:] if line.strip()]
