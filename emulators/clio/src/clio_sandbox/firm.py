"""One firm's state and business rules (moto's "backend"): no HTTP here.

A ``FirmBackend`` owns the firm's contacts, matters, bills, line items and activities, keeps bill
totals in step with the money model (``money.py``), holds the firm's ``Ledger`` (payments, credit
notes, interest) and ``TrustBook`` (bank accounts and transactions), and stamps every write with
one tick of the firm clock, so each write gets a strictly later ``updated_at`` than the one
before. Writes are announced to listeners (the webhooks) as ``(model, event, record)``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from .bill_rules import (
    apply_line,
    check_covers_payments,
    check_line_ids,
    recompute,
    state_transitions,
)
from .clock import FirmClock
from .exceptions import NotFound, Unprocessable
from .firm_format import (
    AddressSpec,
    BillSpec,
    ContactSpec,
    FirmSpec,
    LineSpec,
    MatterSpec,
    SettingsSpec,
)
from .ledger import Ledger, outstanding_balances
from .ledger_format import TrustRequestSpec
from .money import Discount
from .records import (
    Address,
    Bill,
    BillingSettings,
    Contact,
    EmailAddress,
    LineItem,
    Matter,
    PhoneNumber,
    Record,
    User,
)
from .records_ledger import Activity, TrustLineItem
from .trust import TrustBook

# Distinct id ranges per kind, so an id of the wrong kind is a 404 and never a silent mix-up.
ID_BASES = {
    "firm": 0, "contact": 10_000_000, "matter": 20_000_000, "bill": 30_000_000,
    "line_item": 40_000_000, "detail": 60_000_000, "user": 70_000_000, "settings": 80_000_000,
    "payment": 100_000_000, "allocation": 110_000_000, "credit_memo": 120_000_000,
    "bank_account": 130_000_000, "bank_transaction": 140_000_000, "bank_transfer": 150_000_000,
    "interest_charge": 160_000_000, "trust_line_item": 170_000_000, "activity": 180_000_000,
    "webhook": 190_000_000,
}  # fmt: skip
Listener = Callable[[str, str, Any], None]  # (model, event, record)


class IdSequences:
    """Sandbox-wide id counters (ids are unique across firms, as in Clio)."""

    def __init__(self) -> None:
        self._last = dict(ID_BASES)

    def next(self, kind: str) -> int:
        self._last[kind] += 1
        return self._last[kind]


class FirmBackend:
    """All records of one Clio account and the rules that change them."""

    def __init__(self, firm_id: int, spec: FirmSpec, clock: FirmClock, ids: IdSequences) -> None:
        self.id = firm_id
        self.name = spec.name
        self.clock = clock
        self._ids = ids
        at = clock.tick()
        self.created_at = at
        self.contacts: dict[int, Contact] = {}
        self.matters: dict[int, Matter] = {}
        self.bills: dict[int, Bill] = {}
        self.line_items: dict[int, LineItem] = {}
        self.activities: dict[int, Activity] = {}
        self.trust_line_items: dict[int, TrustLineItem] = {}
        self.trust = TrustBook(ids)
        self.ledger = Ledger(ids, self.trust, self._bill_updated)
        self.listeners: list[Listener] = []
        self.webhooks: dict[int, Any] = {}  # filled by ``webhooks.Webhooks``
        self._bill_numbers: set[str] = set()
        self._matter_number = 0
        self._listed: dict[str, tuple[tuple[int, int | None], list[Record]]] = {}
        self.settings = _settings(ids.next("settings"), spec.settings, at)
        self.user = _user(ids.next("user"), spec, at)

    # --- reads -------------------------------------------------------------------------------

    def store(self, kind: str) -> dict[int, Any]:
        """The records of a kind by id, wherever they live (the firm, its ledger or trust book)."""
        if kind == "outstanding_client_balances":
            return outstanding_balances(self.bills.values(), self.settings.currency)
        for owner in (self, self.ledger, self.trust):
            found = getattr(owner, kind, None)
            if isinstance(found, dict):
                return found
        raise NotFound(f"no such resource: {kind}")

    def get(self, kind: str, record_id: int) -> Any:
        record = self.store(kind).get(record_id)
        if record is None:
            raise NotFound(f"{_singular(kind)} {record_id} not found")
        return record

    def records(self, kind: str) -> list[Record]:
        """Records of a kind in ascending id order (ids only ever grow, dicts keep order).

        The list is kept between pages (do not change it): copying a kind of 200,000 records
        for every page of 200 made reading a large firm cost the square of its size. A record
        is only ever added under a new, higher id or deleted (edits change it in place), so
        the count and the last id tell whether the kept list is still the store's."""
        found = self.store(kind)
        if kind == "outstanding_client_balances":  # computed afresh on each call
            return list(found.values())
        stamp = (len(found), next(reversed(found), None))
        kept = self._listed.get(kind)
        if kept is None or kept[0] != stamp:
            kept = self._listed[kind] = (stamp, list(found.values()))
        return kept[1]

    def new_id(self, kind: str) -> int:
        return self._ids.next(kind)

    def _bill_updated(self, bill: Any) -> None:  # a method, not a lambda: the firm pickles
        self.notify("bill", "updated", bill)

    def notify(self, model: str, event: str, record: Any) -> None:
        for listener in self.listeners:
            listener(model, event, record)

    # --- writes (each is one tick of the firm clock) -----------------------------------------

    def create_contact(self, spec: ContactSpec) -> Contact:
        contact = self.new_contact(spec, self.clock.tick())
        self.notify("contact", "created", contact)
        return contact

    def update_contact(self, contact_id: int, spec: ContactSpec) -> Contact:
        contact: Contact = self.get("contacts", contact_id)
        at = self.clock.tick()
        for name, value in spec.values.items():
            setattr(contact, name, value)
        self._set_details(contact, spec, at)
        contact.touch(at)
        self.notify("contact", "updated", contact)
        return contact

    def create_matter(self, spec: MatterSpec) -> Matter:
        client = self.contacts.get(int(spec.client)) if spec.client.isdigit() else None
        if client is None:
            raise Unprocessable(f"matter: unknown client {spec.client!r}")
        matter = self.new_matter(spec, client, self.clock.tick())
        self.notify("matter", "created", matter)
        return matter

    def update_matter(self, matter_id: int, changes: dict[str, Any]) -> Matter:
        matter: Matter = self.get("matters", matter_id)
        at = self.clock.tick()
        status = changes.get("status", matter.status)
        if status != matter.status:
            setattr(matter, f"{status.lower()}_date" if status != "Open" else "open_date",
                    at.date())  # fmt: skip
        for name, value in changes.items():
            setattr(matter, name, value)
        matter.touch(at)
        self.notify("matter", "updated", matter)
        if "status" in changes:
            event = {"Open": "matter_opened", "Pending": "matter_pended", "Closed": "matter_closed"}
            self.notify("matter", event[status], matter)
        return matter

    def create_bill(self, spec: BillSpec) -> Bill:
        matter = self.matters.get(spec.matter) if isinstance(spec.matter, int) else None
        if matter is None:
            raise Unprocessable(f"bill {spec.number}: unknown matter {spec.matter!r}")
        at = self.clock.tick()
        bill = self.new_bill(spec, matter, at)
        self.pay_in_full(bill, spec, at)
        self.notify("bill", "created", bill)
        return bill

    def update_bill(
        self,
        bill_id: int,
        lines: list[LineSpec] | None,
        changes: dict[str, Any],
    ) -> Bill:
        """Edit an editable bill: replace its lines (by id) and/or due_at, discount; recompute."""
        bill: Bill = self.get("bills", bill_id)
        if bill.state not in ("draft", "awaiting_approval", "awaiting_payment"):
            raise Unprocessable(f"bill {bill.id} is {bill.state} and can no longer be edited")
        if bill.kind == "trust_kind" and lines is not None:
            raise Unprocessable(f"bill {bill.id} is a trust request; its lines cannot be edited")
        if lines is not None:
            check_line_ids(bill, lines)
            check_covers_payments(bill, lines, changes.get("discount", bill.discount))
        at = self.clock.tick()
        if lines is not None:
            self._replace_lines(bill, lines, at)
        for name, value in changes.items():
            setattr(bill, name, value)
        recompute(bill)
        self.ledger.settle(bill, at)  # touches the bill and announces the update
        return bill

    def change_bill_state(self, bill_id: int, state: str, *, check_only: bool = False) -> Bill:
        """A state change asked through ``PATCH bills/{id}.json``: approve, void or delete."""
        bill: Bill = self.get("bills", bill_id)
        if state not in state_transitions(bill):
            raise Unprocessable(f"bill {bill.id} is {bill.state} and cannot become {state}")
        if check_only:
            return bill
        if state in ("void", "deleted"):
            return self.void_bill(bill_id)
        bill.state = state
        bill.touch(self.clock.tick())
        self.notify("bill", "updated", bill)
        return bill

    def approve_bill(self, bill_id: int) -> Bill:
        bill: Bill = self.get("bills", bill_id)
        if bill.state not in ("draft", "awaiting_approval"):
            raise Unprocessable(f"bill {bill.id} is {bill.state}; only drafts can be approved")
        bill.state = "awaiting_payment"
        bill.touch(self.clock.tick())
        self.notify("bill", "updated", bill)
        return bill

    def void_bill(self, bill_id: int) -> Bill:
        """Clio's DELETE rule: Draft and Pending -> deleted, Unpaid -> void, else refused."""
        bill: Bill = self.get("bills", bill_id)
        untouched = bill.paid == 0 and bill.credits_issued == 0
        if bill.state == "awaiting_payment" and untouched:
            bill.state = "void"
        elif bill.state in ("draft", "awaiting_approval"):
            bill.state = "deleted"
        else:
            raise Unprocessable(f"bill {bill.id} is {bill.state} and cannot be voided or deleted")
        bill.touch(self.clock.tick())
        self.notify("bill", "deleted" if bill.state == "deleted" else "updated", bill)
        return bill

    def new_trust_request(
        self, spec: TrustRequestSpec, matter: Matter, at: datetime, where: str
    ) -> Bill:
        """A trust request: a ``trust_kind`` bill whose one TrustLineItem is the amount asked."""
        number = spec.number or f"TR-{len(self._bill_numbers) + 1}"
        bill_spec = BillSpec(key=spec.key, matter=matter.id, number=number, state=spec.state,
                             kind="trust_kind", issued_at=spec.issued_at, due_at=spec.due_at,
                             lines=[], memo=spec.note)  # fmt: skip
        if number in self._bill_numbers:
            raise Unprocessable(f"{where}: number {number} is taken")
        bill = self.new_bill(bill_spec, matter, at)
        line = TrustLineItem(id=self._ids.next("trust_line_item"), created_at=at, updated_at=at,
                             bill=bill, date=spec.issued_at, total=spec.amount,
                             note=spec.note)  # fmt: skip
        bill.trust_lines.append(line)
        self.trust_line_items[line.id] = line
        recompute(bill)
        self.notify("bill", "created", bill)
        return bill

    # --- record builders (``firm_money.load_firm`` uses them too) ----------------------------

    def new_contact(self, spec: ContactSpec, at: datetime) -> Contact:
        contact = Contact(id=self._ids.next("contact"), created_at=at, updated_at=at,
                          currency=self.settings.currency, **spec.values)
        self._set_details(contact, spec, at)
        self.contacts[contact.id] = contact
        return contact

    def _set_details(self, contact: Contact, spec: ContactSpec, at: datetime) -> None:
        """Replace the primary email, phone and address with those the spec gives."""
        if "email" in spec.given or spec.email:
            contact.emails = []
            if spec.email:
                email = EmailAddress(id=self._ids.next("detail"), created_at=at, updated_at=at,
                                     address=spec.email)  # fmt: skip
                contact.emails.append(email)
        if "phone" in spec.given or spec.phone:
            contact.phones = []
            if spec.phone:
                phone = PhoneNumber(id=self._ids.next("detail"), created_at=at, updated_at=at,
                                    number=spec.phone)  # fmt: skip
                contact.phones.append(phone)
        if "address" in spec.given or spec.address:
            contact.addresses = []
            if spec.address is not None:
                contact.addresses.append(_address(self._ids.next("detail"), spec.address, at))

    def new_matter(self, spec: MatterSpec, client: Contact, at: datetime) -> Matter:
        self._matter_number += 1
        short = client.last_name if client.type == "Person" else client.name
        matter = Matter(
            id=self._ids.next("matter"), created_at=at, updated_at=at,
            number=self._matter_number,
            display_number=spec.display_number or f"{self._matter_number:05d}-{short}",
            description=spec.description, status=spec.status, client=client,
            billing_method=spec.billing_method, currency=self.settings.currency,
            open_date=spec.open_date or at.date() if spec.status != "Pending" else None,
            pending_date=at.date() if spec.status == "Pending" else None,
            close_date=at.date() if spec.status == "Closed" else None,
        )  # fmt: skip
        client.is_client = True
        self.matters[matter.id] = matter
        return matter

    def new_bill(self, spec: BillSpec, matter: Matter, at: datetime) -> Bill:
        if spec.number in self._bill_numbers:
            raise Unprocessable(f"bills[{spec.key or spec.number}]: number {spec.number} is taken")
        # A paid bill starts unpaid: payments (the document's, else one for the balance) pay it.
        state = "awaiting_payment" if spec.state == "paid" else spec.state
        bill = Bill(
            id=self._ids.next("bill"), created_at=at, updated_at=at,
            number=spec.number, state=state, kind=spec.kind, matter=matter,
            issued_at=spec.issued_at, due_at=spec.due_at, subject=spec.subject, memo=spec.memo,
            purchase_order=spec.purchase_order, discount=spec.discount or Discount(),
            last_sent_at=spec.last_sent_at,
            tax_rate=self.settings.tax_rate,
            secondary_tax_rate=self.settings.bill_secondary_rate,
            currency=self.settings.currency,
        )  # fmt: skip
        self._replace_lines(bill, spec.lines, at)
        recompute(bill)
        self._bill_numbers.add(bill.number)
        self.bills[bill.id] = bill
        return bill

    def pay_in_full(self, bill: Bill, spec: BillSpec, at: datetime) -> None:
        """A bill given as paid gets a payment from Operating for whatever is still owed."""
        if spec.state != "paid" or bill.balance <= 0:
            return
        paid_at = spec.paid_at or _noon(bill.issued_at + timedelta(days=14))
        self.ledger.record_payment([(bill, bill.balance)], self.trust.default_account("Operating"),
                                   day=paid_at.date(), at=at, where=f"bills[{spec.key}]",
                                   description="Payment")  # fmt: skip

    def _replace_lines(self, bill: Bill, specs: list[LineSpec], at: datetime) -> None:
        kept = {s.id for s in specs if s.id is not None}
        for line in bill.lines:
            if line.id not in kept:
                del self.line_items[line.id]
                if line.activity is not None:
                    del self.activities[line.activity.id]
        by_id = {line.id: line for line in bill.lines}
        bill.lines = []
        for order, spec in enumerate(specs, start=1):
            existing = by_id.get(spec.id) if spec.id is not None else None
            if existing is None:
                line = LineItem(id=self._ids.next("line_item"), created_at=at, updated_at=at,
                                bill=bill, kind=spec.kind, date=spec.date,
                                quantity=spec.quantity, price=spec.price)  # fmt: skip
                self.line_items[line.id] = line
                activity = Activity(id=self._ids.next("activity"), created_at=at, updated_at=at,
                                    line=line)  # fmt: skip
                line.activity = activity
                self.activities[activity.id] = activity
            else:
                line = existing
                line.touch(at)
            apply_line(line, spec, order)
            bill.lines.append(line)


def _singular(kind: str) -> str:
    return "".join(part.title() for part in kind.rstrip("s").split("_"))


def _noon(day: Any) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def _address(address_id: int, spec: AddressSpec, at: datetime) -> Address:
    return Address(
        id=address_id, created_at=at, updated_at=at, street=spec.street, city=spec.city,
        province=spec.province, postal_code=spec.postal_code, country=spec.country,
        name=spec.name,
    )  # fmt: skip


def _settings(settings_id: int, spec: SettingsSpec, at: datetime) -> BillingSettings:
    return BillingSettings(
        id=settings_id, created_at=at, updated_at=at, currency=spec.currency,
        tax_name=spec.tax_name, tax_rate=spec.tax_rate, use_secondary_tax=spec.use_secondary_tax,
        secondary_tax_name=spec.secondary_tax_name, secondary_tax_rate=spec.secondary_tax_rate,
    )  # fmt: skip


def _user(user_id: int, spec: FirmSpec, at: datetime) -> User:
    first = spec.user.get("first_name", "Avery")
    last = spec.user.get("last_name", spec.name.split()[0].strip(",&") or "Admin")
    email = spec.user.get("email", f"{first}.{last}@firm.example".lower())
    return User(id=user_id, created_at=at, updated_at=at, first_name=first, last_name=last,
                email=email)  # fmt: skip
