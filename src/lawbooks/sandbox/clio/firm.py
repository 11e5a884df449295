"""One firm's state and business rules (moto's "backend"): no HTTP here.

A ``FirmBackend`` owns the firm's contacts, matters, bills and line items, keeps bill totals in
step with the money model (``money.py``) and stamps every write with one tick of the firm clock,
so each write operation gets a strictly later ``updated_at`` than the one before.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from lawbooks.sandbox.clio.clock import FirmClock
from lawbooks.sandbox.clio.exceptions import NotFound, Unprocessable
from lawbooks.sandbox.clio.firm_format import (
    AddressSpec,
    BillSpec,
    ContactSpec,
    FirmSpec,
    LineSpec,
    MatterSpec,
    SettingsSpec,
)
from lawbooks.sandbox.clio.money import Discount, LineMoney, compute_bill
from lawbooks.sandbox.clio.records import (
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

# Distinct id ranges per kind, so an id of the wrong kind is a 404 and never a silent mix-up.
ID_BASES = {
    "firm": 0, "contact": 10_000_000, "matter": 20_000_000, "bill": 30_000_000,
    "line_item": 40_000_000, "detail": 60_000_000, "user": 70_000_000, "settings": 80_000_000,
}  # fmt: skip


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
        self._bill_numbers: set[str] = set()
        self._matter_number = 0
        self.settings = _settings(ids.next("settings"), spec.settings, at)
        self.user = _user(ids.next("user"), spec, at)

    # --- loading -----------------------------------------------------------------------------

    def load(self, spec: FirmSpec) -> dict[str, dict[str, int]]:
        """Create a whole firm document in one write; return key -> id per kind."""
        at = self.created_at
        contacts: dict[str, Contact] = {}
        matters: dict[str, Matter] = {}
        bills: dict[str, Bill] = {}
        for c in spec.contacts:
            contacts[_new_key(contacts, c.key, "contacts")] = self._new_contact(c, at)
        for m in spec.matters:
            key = _new_key(matters, m.key, "matters")
            if m.client not in contacts:
                raise Unprocessable(f"matters[{key}]: unknown client {m.client!r}")
            matters[key] = self._new_matter(m, contacts[m.client], at)
        for b in spec.bills:
            key = _new_key(bills, b.key, "bills")
            if str(b.matter) not in matters:
                raise Unprocessable(f"bills[{key}]: unknown matter {b.matter!r}")
            bills[key] = self._new_bill(b, matters[str(b.matter)], at)
        return {
            "contacts": {k: r.id for k, r in contacts.items()},
            "matters": {k: r.id for k, r in matters.items()},
            "bills": {k: r.id for k, r in bills.items()},
        }

    # --- reads -------------------------------------------------------------------------------

    def get(self, kind: str, record_id: int) -> Any:
        store: dict[int, Any] = getattr(self, kind)
        record = store.get(record_id)
        if record is None:
            raise NotFound(f"{_singular(kind)} {record_id} not found")
        return record

    def records(self, kind: str) -> list[Record]:
        """Records of a kind in ascending id order (ids only ever grow, dicts keep order)."""
        return list(getattr(self, kind).values())

    # --- writes (each is one tick of the firm clock) -----------------------------------------

    def create_contact(self, spec: ContactSpec) -> Contact:
        return self._new_contact(spec, self.clock.tick())

    def update_contact(self, contact_id: int, spec: ContactSpec) -> Contact:
        contact: Contact = self.get("contacts", contact_id)
        at = self.clock.tick()
        for name, value in spec.values.items():
            setattr(contact, name, value)
        self._set_details(contact, spec, at)
        contact.touch(at)
        return contact

    def create_bill(self, spec: BillSpec) -> Bill:
        matter = self.matters.get(spec.matter) if isinstance(spec.matter, int) else None
        if matter is None:
            raise Unprocessable(f"bill {spec.number}: unknown matter {spec.matter!r}")
        return self._new_bill(spec, matter, self.clock.tick())

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
        if lines is not None:
            _check_line_ids(bill, lines)
        at = self.clock.tick()
        if lines is not None:
            self._replace_lines(bill, lines, at)
        for name, value in changes.items():
            setattr(bill, name, value)
        _recompute(bill)
        bill.touch(at)
        return bill

    def approve_bill(self, bill_id: int) -> Bill:
        bill: Bill = self.get("bills", bill_id)
        if bill.state not in ("draft", "awaiting_approval"):
            raise Unprocessable(f"bill {bill.id} is {bill.state}; only drafts can be approved")
        bill.state = "awaiting_payment"
        bill.touch(self.clock.tick())
        return bill

    def void_bill(self, bill_id: int) -> Bill:
        """Clio's DELETE rule: Draft and Pending -> deleted, Unpaid -> void, else refused."""
        bill: Bill = self.get("bills", bill_id)
        if bill.state == "awaiting_payment" and bill.paid == 0:
            bill.state = "void"
        elif bill.state in ("draft", "awaiting_approval"):
            bill.state = "deleted"
        else:
            raise Unprocessable(f"bill {bill.id} is {bill.state} and cannot be voided or deleted")
        bill.touch(self.clock.tick())
        return bill

    # --- helpers -----------------------------------------------------------------------------

    def _new_contact(self, spec: ContactSpec, at: datetime) -> Contact:
        contact = Contact(id=self._ids.next("contact"), created_at=at, updated_at=at, **spec.values)
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

    def _new_matter(self, spec: MatterSpec, client: Contact, at: datetime) -> Matter:
        self._matter_number += 1
        short = client.last_name if client.type == "Person" else client.name
        matter = Matter(
            id=self._ids.next("matter"), created_at=at, updated_at=at,
            number=self._matter_number,
            display_number=spec.display_number or f"{self._matter_number:05d}-{short}",
            description=spec.description, status=spec.status, client=client,
            billing_method=spec.billing_method,
            open_date=spec.open_date or at.date() if spec.status != "Pending" else None,
            pending_date=at.date() if spec.status == "Pending" else None,
            close_date=at.date() if spec.status == "Closed" else None,
        )  # fmt: skip
        client.is_client = True
        self.matters[matter.id] = matter
        return matter

    def _new_bill(self, spec: BillSpec, matter: Matter, at: datetime) -> Bill:
        if spec.number in self._bill_numbers:
            raise Unprocessable(f"bills[{spec.key or spec.number}]: number {spec.number} is taken")
        bill = Bill(
            id=self._ids.next("bill"), created_at=at, updated_at=at,
            number=spec.number, state=spec.state, kind=spec.kind, matter=matter,
            issued_at=spec.issued_at, due_at=spec.due_at, subject=spec.subject, memo=spec.memo,
            purchase_order=spec.purchase_order, discount=spec.discount or Discount(),
            tax_rate=self.settings.tax_rate,
            secondary_tax_rate=self.settings.bill_secondary_rate,
            currency=self.settings.currency,
        )  # fmt: skip
        self._replace_lines(bill, spec.lines, at)
        _recompute(bill)
        if bill.state == "paid":
            bill.paid = bill.figures.due
            bill.paid_at = spec.paid_at or _noon(bill.issued_at + timedelta(days=14))
        self._bill_numbers.add(bill.number)
        self.bills[bill.id] = bill
        return bill

    def _replace_lines(self, bill: Bill, specs: list[LineSpec], at: datetime) -> None:
        kept = {s.id for s in specs if s.id is not None}
        for line in bill.lines:
            if line.id not in kept:
                del self.line_items[line.id]
        by_id = {line.id: line for line in bill.lines}
        bill.lines = []
        for order, spec in enumerate(specs, start=1):
            existing = by_id.get(spec.id) if spec.id is not None else None
            if existing is None:
                line = LineItem(id=self._ids.next("line_item"), created_at=at, updated_at=at,
                                bill=bill, kind=spec.kind, date=spec.date,
                                quantity=spec.quantity, price=spec.price)  # fmt: skip
                self.line_items[line.id] = line
            else:
                line = existing
                line.touch(at)
            _apply_line(line, spec, order)
            bill.lines.append(line)


def _apply_line(line: LineItem, spec: LineSpec, order: int) -> None:
    line.kind, line.type, line.date = spec.kind, spec.type, spec.date
    line.description, line.note = spec.description, spec.note
    line.quantity, line.price = spec.quantity, spec.price
    line.taxable, line.secondary_taxable = spec.taxable, spec.secondary_taxable
    line.group_ordering = order


def _recompute(bill: Bill) -> None:
    money = [
        LineMoney(ln.quantity, ln.price, ln.taxable, ln.secondary_taxable, ln.kind == "Service")
        for ln in bill.lines
    ]
    bill.amounts = compute_bill(money, bill.tax_rate, bill.secondary_tax_rate, bill.discount)
    for line, amounts in zip(bill.lines, bill.amounts.lines, strict=True):
        line.amounts = amounts


def _check_line_ids(bill: Bill, lines: list[LineSpec]) -> None:
    own = {line.id for line in bill.lines}
    for i, spec in enumerate(lines):
        if spec.id is not None and spec.id not in own:
            raise Unprocessable(f"lines[{i}]: line item {spec.id} is not on bill {bill.id}")


def _new_key(seen: dict[str, Any], key: str | None, kind: str) -> str:
    if key is None:
        raise Unprocessable(f"{kind}[{len(seen)}]: 'key' is required in a firm document")
    if key in seen:
        raise Unprocessable(f"{kind}[{key}]: duplicate key")
    return key


def _singular(kind: str) -> str:
    return {"contacts": "Contact", "matters": "Matter", "bills": "Bill",
            "line_items": "LineItem"}.get(kind, kind)  # fmt: skip


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
