"""Random firm histories, synced after random steps: the books must always agree.

Hypothesis draws a history (bills approved, edited, voided; partial, split, trust and voided
payments, edited in place; credit notes and their voids; trust deposits, disbursements,
transfers, edits and deletions) and runs it against the Clio sandbox step by step, syncing
at random points. After every sync: per-client AR and trust agree between Clio and QBO, the
trust bank equals the sum of client ledgers with none below zero (the reconciliation), every
invoice totals its bill, no QBO document lacks its Clio source, and a further sync plans
nothing. Steps Clio itself refuses (a 422: paying a void bill, overdrawing trust) are skipped.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from books import Books
from histories import BASE, PHASES, Steps, money, pick
from lawbooks.demo import Sandboxes
from lawbooks.targets.qbo.payloads import tag_of

COUNTER = itertools.count(1)
step = st.one_of(
    st.tuples(st.just("approve"), pick), st.tuples(st.just("edit_bill"), pick, money),
    st.tuples(st.just("void_bill"), pick), st.tuples(st.just("pay"), pick, money,
                                                     st.booleans()),
    st.tuples(st.just("split_pay"), pick, money),
    st.tuples(st.just("edit_payment"), pick, money), st.tuples(st.just("void_payment"), pick),
    st.tuples(st.just("credit"), pick, money), st.tuples(st.just("void_credit"), pick),
    st.tuples(st.just("deposit"), pick, money), st.tuples(st.just("disburse"), pick, money),
    st.tuples(st.just("transfer"), pick, pick, money),
    st.tuples(st.just("edit_trust"), pick, money), st.tuples(st.just("delete_trust"), pick),
    st.tuples(st.just("sync")))


class History(Steps):
    """The shared steps; each drawn sync checks the books."""

    def sync(self) -> None:
        self.books.sync()
        check_the_books(self.books)


def check_the_books(books: Books) -> None:
    books.reconcile()  # per-client AR and trust; trust bank = ledgers = Clio; none below zero
    bills = {b["number"]: b for b in books.clio_api("bills.json", fields="number,state,due")}
    for invoice in books.qbo("Invoice"):
        bill = bills[invoice["DocNumber"]]
        expected = Decimal(bill["due"]) if bill["state"] in ("awaiting_payment", "paid") \
            else Decimal(0)  # voided: QBO keeps the invoice, zeroed
        assert invoice["TotalAmt"] == expected.quantize(Decimal("0.01")), invoice["DocNumber"]
    for entity in ("Invoice", "Payment", "CreditMemo", "JournalEntry"):
        for document in books.qbo(entity):
            live = document.get("TotalAmt", 1) != 0 and document.get("status") != "Deleted"
            if live:  # every live document names the Clio record it came from
                assert tag_of(str(document.get("PrivateNote") or "")), (entity, document["Id"])
    assert books.plan().plan.is_empty


@settings(max_examples=8, deadline=None, derandomize=True, phases=PHASES,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=3, max_size=9))
def test_any_history_keeps_the_books_in_agreement(sandboxes: Sandboxes, tmp_path: Path,
                                                  steps: list[tuple]) -> None:
    books = Books.open(sandboxes, tmp_path / f"var{next(COUNTER)}", BASE)
    history = History(books)
    for name, *args in [*steps, ("sync",)]:
        history.apply(name, *args)
