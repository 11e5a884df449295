"""The planner: pure, deterministic, and empty once everything it planned was pushed."""

from dataclasses import replace
from datetime import date

from builders import SETTINGS, bill, contact, firm, line, usd
from lawbooks.domain.model import BillKind, BillState, SourceRef
from lawbooks.domain.settings import SyncSettings
from lawbooks.engine.plan import Plan, plan
from lawbooks.engine.ports import Link, OpKind, TargetIndex, TargetObject
from lawbooks.targets.qbo.payloads import QboMapper

MAPPER = QboMapper(SETTINGS)
EMPTY = TargetIndex()


def run(snapshot, links=None, index=EMPTY, **settings) -> Plan:
    return plan("9341", snapshot, links or {}, index, MAPPER,
                SyncSettings(mapping=SETTINGS.mapping, **settings))


def pushed(p: Plan) -> dict[SourceRef, Link]:
    """What the links would be after executing `p` successfully."""
    return {op.source: Link(op.source, op.entity, f"q{n}", "0", op.content_hash,
                            voided=op.kind in (OpKind.VOID, OpKind.DELETE))
            for n, op in enumerate(p.operations)}


def test_approved_bill_makes_a_customer_then_an_invoice():
    p = run(firm(contact("1"), bill("100", "1")))
    assert [(op.kind, op.entity, str(op.source)) for op in p.operations] == [
        (OpKind.CREATE, "Customer", "contact/1"), (OpKind.CREATE, "Invoice", "bill/100")]
    invoice = p.operations[1]
    assert invoice.depends_on == (SourceRef.parse("contact/1"),)
    assert invoice.document["CustomerRef"] == {"$link": "contact/1"}
    assert invoice.amount == usd("575.40")


def test_contacts_without_an_approved_bill_never_reach_qbo():
    snapshot = firm(contact("1"), contact("2", "Draft Only"), contact("3", "No Bills"),
                    bill("100", "1"), bill("200", "2", state=BillState.DRAFT),
                    bill("201", "2", state=BillState.AWAITING_APPROVAL))
    sources = {str(op.source) for op in run(snapshot).operations}
    assert sources == {"contact/1", "bill/100"}


def test_trust_requests_and_deleted_bills_are_not_invoices():
    snapshot = firm(contact("1"), bill("100", "1", kind=BillKind.TRUST),
                    bill("101", "1", state=BillState.DELETED))
    assert run(snapshot).is_empty


def test_paid_bills_are_invoiced_too():
    p = run(firm(contact("1"), bill("100", "1", state=BillState.PAID)))
    assert [op.entity for op in p.operations] == ["Customer", "Invoice"]


def test_bills_issued_before_the_sync_start_date_are_left_alone():
    snapshot = firm(contact("1"), bill("100", "1", issued=date(2025, 12, 31)))
    assert run(snapshot, sync_start=date(2026, 1, 1)).is_empty
    assert not run(snapshot, sync_start=date(2025, 12, 31)).is_empty


def test_a_repeated_plan_after_success_is_empty():
    snapshot = firm(contact("1"), contact("2", "Acme"), bill("100", "1"), bill("101", "2"))
    first = run(snapshot)
    assert len(first.operations) == 4
    assert run(snapshot, pushed(first)).is_empty


def test_plans_are_deterministic_keys_included():
    snapshot = firm(contact("2", "B"), contact("1", "A"), bill("101", "2"), bill("100", "1"))
    one, two = run(snapshot), run(snapshot)
    assert one == two
    assert len({op.key for op in one.operations}) == 4
    assert all(len(op.key) == 32 for op in one.operations)


def test_an_edited_bill_updates_its_invoice_in_place():
    original = firm(contact("1"), bill("100", "1"))
    links = pushed(run(original))
    edited = firm(contact("1"), bill("100", "1", lines=(line("1", "2", "300"),)))
    p = run(edited, links)
    assert [(op.kind, op.entity) for op in p.operations] == [(OpKind.UPDATE, "Invoice")]
    assert p.operations[0].target_id == links[SourceRef.parse("bill/100")].target_id


def test_an_edited_contact_updates_its_customer():
    links = pushed(run(firm(contact("1"), bill("100", "1"))))
    renamed = firm(contact("1", email="jane@new.example"), bill("100", "1"))
    p = run(renamed, links)
    assert [(op.kind, op.entity) for op in p.operations] == [(OpKind.UPDATE, "Customer")]


def test_a_voided_bill_voids_its_invoice_once():
    links = pushed(run(firm(contact("1"), bill("100", "1"))))
    voided = firm(contact("1"), bill("100", "1", state=BillState.VOID))
    p = run(voided, links)
    assert [(op.kind, op.entity) for op in p.operations] == [(OpKind.VOID, "Invoice")]
    assert run(voided, {**links, **pushed(p)}).is_empty


def test_a_voided_bill_never_synced_is_left_alone():
    assert run(firm(contact("1"), bill("100", "1", state=BillState.VOID))).is_empty


def test_name_taken_by_a_vendor_gets_a_deterministic_suffix():
    index = TargetIndex({"jane doe": TargetObject("Vendor", "55")})
    p = run(firm(contact("1"), bill("100", "1")), index=index)
    assert p.operations[0].document["DisplayName"] == "Jane Doe (Clio 1)"


def test_inactive_customer_with_the_name_is_not_adopted():
    index = TargetIndex({"jane doe": TargetObject("Customer", "7", email="jane@example.com",
                                                  active=False)})
    customer = run(firm(contact("1"), bill("100", "1")), index=index).operations[0]
    assert customer.kind is OpKind.CREATE
    assert customer.document["DisplayName"] == "Jane Doe (Clio 1)"


def test_existing_customer_with_same_name_and_email_is_adopted_not_duplicated():
    index = TargetIndex({"jane doe": TargetObject("Customer", "7", "3", "JANE@example.com")})
    customer = run(firm(contact("1"), bill("100", "1")), index=index).operations[0]
    assert (customer.kind, customer.target_id, customer.sync_token) == (OpKind.ADOPT, "7", "3")


def test_same_name_other_email_is_a_different_client():
    index = TargetIndex({"jane doe": TargetObject("Customer", "7", email="other@example.com")})
    customer = run(firm(contact("1"), bill("100", "1")), index=index).operations[0]
    assert customer.kind is OpKind.CREATE
    assert customer.document["DisplayName"] == "Jane Doe (Clio 1)"


def test_a_customer_lawbooks_made_for_the_contact_before_a_crash_is_adopted_by_name():
    """Created in QBO, answer lost, no email to match on: ours by its tag, not a clash."""
    index = TargetIndex({"jane doe": TargetObject("Customer", "7", "0", source="contact/1")})
    customer = run(firm(contact("1", email=None), bill("100", "1")), index=index).operations[0]
    assert (customer.kind, customer.target_id) == (OpKind.ADOPT, "7")
    assert customer.document["DisplayName"] == "Jane Doe"


def test_a_customer_lawbooks_made_for_another_contact_is_a_clash():
    index = TargetIndex({"jane doe": TargetObject("Customer", "7", source="contact/2")})
    customer = run(firm(contact("1", email=None), bill("100", "1")), index=index).operations[0]
    assert customer.kind is OpKind.CREATE
    assert customer.document["DisplayName"] == "Jane Doe (Clio 1)"


def test_linked_customer_keeps_its_own_name():
    links = pushed(run(firm(contact("1"), bill("100", "1"))))
    index = TargetIndex({"jane doe": TargetObject("Customer", links[
        SourceRef.parse("contact/1")].target_id)})
    assert run(firm(contact("1"), bill("100", "1")), links, index).is_empty


def test_a_bill_that_does_not_add_up_is_held_with_the_reason():
    broken = replace(bill("100", "1"), total=usd("1.00"))
    p = run(firm(contact("1"), broken, bill("101", "1")))
    assert [str(op.source) for op in p.operations] == ["contact/1", "bill/101"]
    assert len(p.held) == 1
    assert "Bill 100" in str(p.held[0].error) and "Re-save the bill" in str(p.held[0].error)


def test_an_unmapped_item_holds_the_bill_and_says_what_to_map():
    from lawbooks.domain.settings import ItemMapping, MappedKind, SyncSettings

    mapper = QboMapper(SyncSettings(mapping=ItemMapping({MappedKind.SERVICE: "1"})))
    p = plan("9341", firm(contact("1"), bill("100", "1")), {}, EMPTY, mapper)
    assert [op.entity for op in p.operations] == ["Customer"]
    assert "no QuickBooks product/service is mapped for expense" in str(p.held[0].error)


def test_a_bill_for_an_unknown_client_is_held():
    p = run(firm(bill("100", "99")))
    assert p.is_empty and "names client 99" in str(p.held[0].error)
