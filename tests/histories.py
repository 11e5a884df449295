"""A small scripted firm and the history steps the property suites draw (tests/integration:
test_properties, test_incremental), applied to the Clio sandbox."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import Phase
from hypothesis import strategies as st

from books import Books, ScriptError

LINE = {"kind": "Service", "description": "Advice", "date": "2026-01-02", "quantity": "1",
        "price": "400.00", "taxable": True}
BASE = {
    "name": "Property firm", "settings": {"tax_rate": "5"},
    "contacts": [{"key": f"c{n}", "type": "Person", "first_name": f"Client{n}",
                  "last_name": "Test", "email": f"c{n}@example.com"} for n in range(3)],
    "matters": [{"key": f"m{n}", "client": f"c{n}", "description": f"Matter {n}"}
                for n in range(3)],
    # Two bills a client (b0 and b3 are c0's ...); b5 starts as a draft.
    "bills": [{"key": f"b{n}", "matter": f"m{n % 3}", "number": str(3000 + n),
               "state": "draft" if n == 5 else "awaiting_payment",
               "issued_at": f"2026-01-0{n + 1}", "due_at": "2026-02-28", "lines": [LINE]}
              for n in range(6)]}
# Shrinking replays whole histories against the sandboxes: too slow to be worth it here;
# a failure prints the drawn history, which the steps make readable enough.
PHASES = (Phase.explicit, Phase.reuse, Phase.generate)
money = st.decimals(min_value=Decimal("1"), max_value=Decimal("600"), places=2)
pick = st.integers(min_value=0, max_value=10)

class Steps:
    """Applies drawn steps to the Clio sandbox, keeping the ids they create."""

    def __init__(self, books: Books) -> None:
        self.books = books
        self.bills = list(books.ids["bills"].values())
        self.matters = list(books.ids["matters"].values())
        self.payments: list[dict] = []
        self.credits: list[int] = []
        self.trust: list[int] = []

    def apply(self, name: str, *args: object) -> None:
        try:
            getattr(self, name)(*args)
        except ScriptError:
            pass  # Clio refuses this step in this state: not a valid history step
        except (IndexError, ZeroDivisionError):
            pass  # nothing of that kind to act on yet

    def _bill(self, n: object) -> int:
        return self.bills[int(str(n)) % len(self.bills)]

    def approve(self, n: object) -> None:
        self.books.clio("POST", f"bills/{self._bill(n)}/approve")

    def edit_bill(self, n: object, amount: Decimal) -> None:
        self.books.clio("PATCH", f"bills/{self._bill(n)}",
                        {"lines": [{**LINE, "price": str(amount)}]})

    def void_bill(self, n: object) -> None:
        self.books.clio("POST", f"bills/{self._bill(n)}/void")

    def pay(self, n: object, amount: Decimal, from_trust: bool) -> None:
        account = self.books.ids["bank_accounts"]["trust" if from_trust else "operating"]
        paid = self.books.clio("POST", "payments", {
            "date": "2026-02-01", "account": account,
            "allocations": [{"bill": self._bill(n), "amount": str(amount)}]})
        self.payments.append(paid["data"])

    def split_pay(self, n: object, amount: Decimal) -> None:
        """One payment over both of a client's bills (a payment's bills share a client)."""
        first, second = self._bill(n), self._bill(int(str(n)) + 3)
        paid = self.books.clio("POST", "payments", {"date": "2026-02-02", "allocations": [
            {"bill": first, "amount": str(amount)}, {"bill": second, "amount": "1.00"}]})
        self.payments.append(paid["data"])

    def edit_payment(self, n: object, amount: Decimal) -> None:
        payment = self.payments[int(str(n)) % len(self.payments)]
        first = payment["allocations"][0]
        self.books.clio("PATCH", f"payments/{payment['id']}",
                        {"allocations": [{"id": first["id"], "amount": str(amount)}]})

    def void_payment(self, n: object) -> None:
        payment = self.payments[int(str(n)) % len(self.payments)]
        self.books.clio("POST", f"payments/{payment['id']}/void")

    def credit(self, n: object, amount: Decimal) -> None:
        note = self.books.clio("POST", "credit_notes", {
            "bill": self._bill(n), "amount": str(amount), "date": "2026-02-03"})
        self.credits.append(int(note["data"]["id"]))

    def void_credit(self, n: object) -> None:
        self.books.clio("POST", f"credit_notes/{self.credits[int(str(n)) % len(self.credits)]}"
                                "/void")

    def _matter(self, n: object) -> int:
        return self.matters[int(str(n)) % len(self.matters)]

    def deposit(self, n: object, amount: Decimal) -> None:
        txn = self.books.clio("POST", "trust_transactions", {
            "type": "deposit", "matter": self._matter(n), "amount": str(amount),
            "date": "2026-01-15"})
        self.trust.append(int(txn["data"]["id"]))

    def disburse(self, n: object, amount: Decimal) -> None:
        txn = self.books.clio("POST", "trust_transactions", {
            "type": "disbursement", "matter": self._matter(n), "amount": str(amount),
            "date": "2026-01-25"})
        self.trust.append(int(txn["data"]["id"]))

    def transfer(self, a: object, b: object, amount: Decimal) -> None:
        if self._matter(a) != self._matter(b):
            self.books.clio("POST", "transfers", {
                "amount": str(amount), "date": "2026-01-26",
                "from": {"matter": self._matter(a)}, "to": {"matter": self._matter(b)}})

    def edit_trust(self, n: object, amount: Decimal) -> None:
        txn = self.trust[int(str(n)) % len(self.trust)]
        self.books.clio("PATCH", f"trust_transactions/{txn}", {"amount": str(amount)})

    def delete_trust(self, n: object) -> None:
        txn = self.trust.pop(int(str(n)) % len(self.trust))
        self.books.clio("DELETE", f"trust_transactions/{txn}")
