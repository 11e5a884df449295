"""Planning the billing side: customers, invoices, payments and credit notes.

Contacts become customers when they have an approved bill issued on or after the sync start
date (or trust activity, whose journal lines must name the client). Payments and credit notes
follow the bills they apply to: an allocation to a bill that is not synced waits with it.
"""

from __future__ import annotations

from collections import ChainMap

from lawbooks.domain.model import (
    Bill,
    BillState,
    Contact,
    CreditNote,
    FirmSnapshot,
    Payment,
    SourceId,
    SourceKind,
    SourceRef,
)
from lawbooks.domain.validation import ValidationError, validate_bill
from lawbooks.engine.operations import Held, PlanBuilder
from lawbooks.engine.ports import Link, OpKind, TargetIndex, TargetObject, link_placeholder

BILLING_KINDS = frozenset({SourceKind.BILL, SourceKind.PAYMENT, SourceKind.CREDIT_NOTE,
                           SourceKind.CREDIT_APPLICATION})


def billing_refs(snapshot: FirmSnapshot) -> set[SourceRef]:
    """The billing records `snapshot` holds: bills, payments, credit notes and their
    applications (what a billing plan reads the links of)."""
    refs = {bill.ref for bill in snapshot.bills.values()}
    refs |= {payment.ref for payment in snapshot.payments.values()}
    for note in snapshot.credit_notes.values():
        refs |= {note.ref, note.application_ref}
    return refs


def plan_billing(b: PlanBuilder) -> None:
    collect_customers(b)
    plan_customers(b)
    plan_documents(b)


def _bills(b: PlanBuilder) -> list[Bill]:
    return sorted((bill for bill in b.snapshot.bills.values()
                   if bill.issued_at >= b.settings.sync_start), key=lambda x: x.ref)


def collect_customers(b: PlanBuilder) -> None:
    """Clients with an approved bill in the sync's range become customers."""
    b.customers |= {SourceRef(SourceKind.CONTACT, bill.client_id) for bill in _bills(b)
                    if bill.is_invoiceable}


def plan_customers(b: PlanBuilder, claimed: dict[str, TargetObject] | None = None) -> None:
    """Every customer of `b.customers`, in one deterministic order: names given earlier in
    this plan count as taken (two Clio "Jane Doe"s, one QBO name). A customer not planned
    here holds its name in the target already: the index has it, under lawbooks' tag.
    `claimed`: names given by plans not yet executed (filled in as this one gives more)."""
    claimed = {} if claimed is None else claimed
    names = TargetIndex(ChainMap(claimed, b.index.names))  # type: ignore[arg-type]
    for contact_ref in sorted(b.customers):
        _plan_contact(b, contact_ref.id, names, claimed)


def plan_documents(b: PlanBuilder) -> None:
    """Invoices, their unwinding, payments and credit notes (customers planned apart)."""
    bills = _bills(b)
    invoiceable = [bill for bill in bills if bill.is_invoiceable]
    for bill in invoiceable:
        _plan_invoice(b, bill)
    for bill in bills:
        if bill.state in (BillState.VOID, BillState.DELETED):
            b.unwind(bill.ref, f"Invoice {bill.number}")
    synced_bills = {bill.id for bill in invoiceable}
    for payment in sorted(b.snapshot.payments.values(), key=lambda p: p.ref):
        _plan_payment(b, payment, synced_bills)
    for note in sorted(b.snapshot.credit_notes.values(), key=lambda n: n.ref):
        _plan_credit_note(b, note, synced_bills)
    _unwind_gone(b)


def _unwind_gone(b: PlanBuilder) -> None:
    """What is linked but no longer in the source at all (a payment deleted in Clio, its
    allocations gone with it) is unwound: voided, or deleted as a live record of it would be.
    A firm planned in pieces finds these in a last pass (`engine.sync._gone`)."""
    present = billing_refs(b.snapshot)
    for source, link in sorted(b.links.items()):
        if source.kind not in BILLING_KINDS or source in present:
            continue
        delete = link.entity == "CreditMemo" or (
            source.kind is SourceKind.PAYMENT and b.settings.delete_voided_payments)
        b.unwind(source, f"{link.entity} of {source} (deleted in Clio)", delete=delete)


def _plan_contact(b: PlanBuilder, contact_id: SourceId, names: TargetIndex,
                  claimed: dict[str, TargetObject]) -> None:
    contact = b.snapshot.contacts.get(contact_id)
    if contact is None:
        return  # what needs it is held for it
    link = b.links.get(contact.ref)
    name = display_name(contact, names, link)
    claimed[name.lower()] = TargetObject("Customer", "")  # taken, by no one's link
    label = f"Customer {name}"
    document = b.map(contact.ref, label, lambda: b.mapper.customer(contact, name))
    if document is None:
        return
    existing = b.index.names.get(name.lower())
    if link is None and existing is not None and existing.entity == "Customer":
        # Same name and email, or made by lawbooks for this contact (display_name() checked).
        b.add(OpKind.ADOPT, "Customer", contact.ref, document, label,
              target_id=existing.id, sync_token=existing.sync_token)
        return
    b.upsert("Customer", contact.ref, document, label)


def _plan_invoice(b: PlanBuilder, bill: Bill) -> None:
    errors = validate_bill(bill)
    contact = b.snapshot.contacts.get(bill.client_id)
    if contact is None:
        errors.append(ValidationError(
            f"Bill {bill.number}", f"names client {bill.client_id}, which Clio did not return.",
            "Check the bill's client in Clio, then sync again."))
    if errors or contact is None:
        b.held.extend(Held(bill.ref, e) for e in errors)
        return
    label = f"Invoice {bill.number}"
    customer = link_placeholder(contact.ref)
    document = b.map(bill.ref, label, lambda: b.mapper.invoice(bill, customer))
    if document is not None:
        b.upsert("Invoice", bill.ref, document, label, depends_on=(contact.ref,),
                 amount=bill.total)


def _plan_payment(b: PlanBuilder, payment: Payment, synced_bills: set[SourceId]) -> None:
    """One QBO Payment per Clio payment, linked to the invoices it pays. An edit updates it
    in place (never delete and re-add: that is how duplicates and error 6540 happen)."""
    label = f"Payment {payment.id}"
    live = [a for a in payment.live if a.bill_id in b.snapshot.bills
            and b.snapshot.bills[a.bill_id].is_invoiceable]
    if not live:
        b.unwind(payment.ref, label, delete=b.settings.delete_voided_payments)
        return
    unsynced = sorted({a.bill_id for a in live if a.bill_id not in synced_bills})
    if unsynced:
        b.hold(payment.ref, label, f"pays bill(s) {', '.join(unsynced)}, which are not synced "
               "(issued before the sync start date, or held).",
               "Sync those bills first, or move the sync start date.")
        return
    document = b.map(payment.ref, label, lambda: b.mapper.payment(payment))
    if document is not None:
        depends = tuple(sorted({SourceRef(SourceKind.BILL, a.bill_id) for a in live}))
        total = sum((a.amount for a in live[1:]), live[0].amount)
        b.upsert("Payment", payment.ref, document, label, depends_on=depends, amount=total)


def _plan_credit_note(b: PlanBuilder, note: CreditNote, synced_bills: set[SourceId]) -> None:
    """A CreditMemo on the mapped credit item, applied by a zero-total Payment linking it and
    the invoice. Voided: the application is voided first, then the memo deleted (QBO's API
    voids invoices and payments, not credit memos; QBO's audit log keeps the deleted memo)."""
    label = f"Credit note {note.id}"
    live = [a for a in note.allocations if not a.voided]
    if note.voided or not live:
        b.unwind(note.application_ref, f"Application of {label.lower()}")
        b.unwind(note.ref, label, delete=True)
        return
    if any(a.bill_id not in synced_bills for a in live):
        b.hold(note.ref, label, "applies to a bill that is not synced.",
               "Sync that bill first, or move the sync start date.")
        return
    memo = b.map(note.ref, label, lambda: b.mapper.credit_memo(note))
    if memo is None:
        return
    contact = SourceRef(SourceKind.CONTACT, note.client_id)
    b.upsert("CreditMemo", note.ref, memo, label, depends_on=(contact,), amount=note.amount)
    application = b.map(note.application_ref, label, lambda: b.mapper.credit_application(note))
    if application is not None:
        bills = tuple(SourceRef(SourceKind.BILL, a.bill_id) for a in live)
        b.upsert("Payment", note.application_ref, application,
                 f"Application of {label.lower()}", depends_on=(note.ref, *bills))


SUFFIX = " (clio "  # how display_name()'s suffixes begin, lower-cased (names are compared so)


def display_name(contact: Contact, index: TargetIndex, link: Link | None) -> str:
    """The contact's name, unless someone else in the target holds it: then a deterministic
    suffix. QBO names are unique across customers, vendors and employees, inactive too."""
    base = contact.name.replace(":", "-").strip() or f"Clio contact {contact.id}"
    for candidate in (base, f"{base} (Clio {contact.id})"):
        holder = index.names.get(candidate.lower())
        if holder is None or _is_ours(holder, link) or _made_for(holder, contact, link) \
                or _same_client(holder, contact, link):
            return candidate
    n = 2
    while (holder := index.names.get(f"{base} (Clio {contact.id}-{n})".lower())) is not None \
            and not _is_ours(holder, link):
        n += 1
    return f"{base} (Clio {contact.id}-{n})"


def yielded_to(name: str) -> str:
    """What the lower-cased names of customers that yielded `name` (a suffix of theirs taken
    because someone held it) begin with: `jane doe (clio ` for `jane doe` or for
    `jane doe (clio 12)`. When the target releases `name`, those customers may be renamed."""
    base, mark, _ = name.partition(SUFFIX)
    return f"{base if mark else name}{SUFFIX}"


def _is_ours(holder: object, link: Link | None) -> bool:
    return link is not None and getattr(holder, "id", None) == link.target_id


def _made_for(holder: object, contact: Contact, link: Link | None) -> bool:
    """A customer lawbooks created for this very contact whose answer was lost (a crash
    between QBO's commit and the journal): the name is ours, not a clash, so it is adopted
    under the same name instead of a create under a suffixed one and a rename later."""
    return link is None and getattr(holder, "source", None) == str(contact.ref)


def _same_client(holder: object, contact: Contact, link: Link | None) -> bool:
    """An unlinked contact adopts an existing active customer of the same name and email,
    unless lawbooks made that customer for another contact (whether or not that contact is
    planned in the same run: the answer must not depend on what else changed)."""
    if link is not None or getattr(holder, "entity", "") != "Customer":
        return False
    if getattr(holder, "source", None) not in (None, str(contact.ref)):
        return False
    email = getattr(holder, "email", None)
    return bool(contact.email and email and email.lower() == contact.email.lower()
                and getattr(holder, "active", False))
