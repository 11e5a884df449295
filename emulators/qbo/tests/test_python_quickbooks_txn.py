"""Issue #21's proof: python-quickbooks (with intuit-oauth's AuthClient, as in
``test_python_quickbooks``) drives every transaction entity the sandbox models end to end
through its public API (save, get, filter, count, delete and void where the library has it;
ExchangeRate has only query and save there)
against the sandbox served over real HTTP."""

from __future__ import annotations

from decimal import Decimal

import pytest
from quickbooks import QuickBooks
from quickbooks.batch import batch_create
from quickbooks.exceptions import ObjectNotFoundException, UnsupportedException
from quickbooks.objects.account import Account
from quickbooks.objects.attachable import Attachable
from quickbooks.objects.base import AttachableRef, Ref
from quickbooks.objects.bill import Bill
from quickbooks.objects.billpayment import BillPayment, BillPaymentLine, CheckPayment
from quickbooks.objects.creditcardpayment_entity import CreditCardPayment
from quickbooks.objects.customer import Customer
from quickbooks.objects.detailline import (
    AccountBasedExpenseLine,
    AccountBasedExpenseLineDetail,
    ItemBasedExpenseLine,
    ItemBasedExpenseLineDetail,
    SalesItemLine,
    SalesItemLineDetail,
)
from quickbooks.objects.employee import Employee
from quickbooks.objects.exchangerate import ExchangeRate
from quickbooks.objects.item import Item
from quickbooks.objects.preferences import Preferences
from quickbooks.objects.purchase import Purchase
from quickbooks.objects.purchaseorder import PurchaseOrder
from quickbooks.objects.refundreceipt import RefundReceipt
from quickbooks.objects.salesreceipt import SalesReceipt
from quickbooks.objects.timeactivity import TimeActivity
from quickbooks.objects.transfer import Transfer
from quickbooks.objects.vendor import Vendor

from .test_python_quickbooks import base, connect  # noqa: F401 (base is the served sandbox)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def account(qb: QuickBooks, id_: str) -> Account:
    return Account.get(id_, qb=qb)


def vendor(qb: QuickBooks, name: str = "Court Clerk") -> Vendor:
    new = Vendor()
    new.DisplayName = name
    return new.save(qb=qb)


def expense_line(amount: str, target: Account) -> AccountBasedExpenseLine:
    line = AccountBasedExpenseLine()
    line.Amount = Decimal(amount)
    line.AccountBasedExpenseLineDetail = AccountBasedExpenseLineDetail()
    line.AccountBasedExpenseLineDetail.AccountRef = target.to_ref()
    return line


def item_line(qty: int, price: str) -> ItemBasedExpenseLine:
    item = Item()
    item.Id, item.Name = "1", "Services"
    line = ItemBasedExpenseLine()
    line.Amount = qty * Decimal(price)
    line.ItemBasedExpenseLineDetail = ItemBasedExpenseLineDetail()
    line.ItemBasedExpenseLineDetail.ItemRef = item.to_ref()
    line.ItemBasedExpenseLineDetail.Qty = qty
    line.ItemBasedExpenseLineDetail.UnitPrice = Decimal(price)
    return line


def sales_line(amount: str) -> SalesItemLine:
    item = Item()
    item.Id, item.Name = "1", "Services"
    line = SalesItemLine()
    line.Amount = Decimal(amount)
    line.SalesItemLineDetail = SalesItemLineDetail()
    line.SalesItemLineDetail.ItemRef = item.to_ref()
    return line


def test_bill_and_bill_payment_life_cycle(base: str) -> None:  # noqa: F811
    qb, _ = connect(base)
    clerk = vendor(qb)
    bill = Bill()
    bill.VendorRef = clerk.to_ref()
    bill.Line = [expense_line("100.10", account(qb, "15")), item_line(2, "10")]
    bill = bill.save(qb=qb)
    assert bill.TotalAmt == bill.Balance == Decimal("120.10")
    bill.PrivateNote = "filing fees"
    bill = bill.save(qb=qb)
    assert Bill.get(bill.Id, qb=qb).PrivateNote == "filing fees"
    assert [b.Id for b in Bill.filter(VendorRef=clerk.Id, qb=qb)] == [bill.Id]

    payment = BillPayment()
    payment.VendorRef = clerk.to_ref()
    payment.PayType = "Check"
    payment.CheckPayment = CheckPayment()
    payment.CheckPayment.BankAccountRef = account(qb, "3").to_ref()
    payment.TotalAmt = Decimal("20.10")
    line = BillPaymentLine()
    line.Amount = Decimal("20.10")
    line.LinkedTxn.append(bill.to_linked_txn())
    payment.Line.append(line)
    payment = payment.save(qb=qb)
    assert Bill.get(bill.Id, qb=qb).Balance == Decimal("100.00")
    assert Vendor.get(clerk.Id, qb=qb).Balance == Decimal("100.00")
    assert BillPayment.count(qb=qb) == 1

    BillPayment.get(payment.Id, qb=qb).void(qb=qb)
    assert BillPayment.get(payment.Id, qb=qb).TotalAmt == 0
    assert Bill.get(bill.Id, qb=qb).Balance == Decimal("120.10")
    BillPayment.get(payment.Id, qb=qb).delete(qb=qb)
    Bill.get(bill.Id, qb=qb).delete(qb=qb)
    with pytest.raises(ObjectNotFoundException):
        Bill.get(bill.Id, qb=qb)
    assert Bill.count(qb=qb) == 0 and Vendor.get(clerk.Id, qb=qb).Balance == 0


def test_bills_in_a_batch(base: str) -> None:  # noqa: F811
    qb, _ = connect(base)
    clerk = vendor(qb)
    bills = []
    for amount in ("10", "20"):
        bill = Bill()
        bill.VendorRef = clerk.to_ref()
        bill.Line = [expense_line(amount, account(qb, "15"))]
        bills.append(bill)
    orphan = Bill()
    orphan.Line = [expense_line("5", account(qb, "15"))]  # no VendorRef
    result = batch_create([*bills, orphan], qb=qb)
    assert sorted(b.TotalAmt for b in result.successes) == [Decimal("10.00"), Decimal("20.00")]
    [fault] = result.faults
    assert fault.Error[0].code == "2020" and fault.original_object is orphan
    assert Vendor.get(clerk.Id, qb=qb).Balance == Decimal("30.00")


def test_sales_and_refund_receipt_life_cycles(base: str) -> None:  # noqa: F811
    qb, _ = connect(base)
    customer = Customer()
    customer.DisplayName = "Acme Holdings"
    customer = customer.save(qb=qb)
    receipt = SalesReceipt()
    receipt.CustomerRef = customer.to_ref()
    receipt.Line.append(sales_line("80"))
    receipt = receipt.save(qb=qb)
    assert receipt.TotalAmt == Decimal("80.00") and receipt.Balance == 0
    assert receipt.DepositToAccountRef.name == "Undeposited Funds"
    receipt.PrivateNote = "retainer"
    receipt = receipt.save(qb=qb)
    assert [r.Id for r in SalesReceipt.filter(CustomerRef=customer.Id, qb=qb)] == [receipt.Id]
    SalesReceipt.get(receipt.Id, qb=qb).void(qb=qb)
    assert SalesReceipt.get(receipt.Id, qb=qb).TotalAmt == 0
    SalesReceipt.get(receipt.Id, qb=qb).delete(qb=qb)
    assert SalesReceipt.count(qb=qb) == 0

    refund = RefundReceipt()
    refund.CustomerRef = customer.to_ref()
    refund.DepositToAccountRef = account(qb, "3").to_ref()
    refund.Line.append(sales_line("15"))
    refund = refund.save(qb=qb)
    assert refund.TotalAmt == Decimal("15.00")
    assert account(qb, "3").CurrentBalance == Decimal("-15.00")
    refund.PrivateNote = "overpaid"
    refund = refund.save(qb=qb)
    assert RefundReceipt.get(refund.Id, qb=qb).PrivateNote == "overpaid"
    assert [r.Id for r in RefundReceipt.filter(CustomerRef=customer.Id, qb=qb)] == [refund.Id]
    RefundReceipt.get(refund.Id, qb=qb).delete(qb=qb)
    assert RefundReceipt.count(qb=qb) == 0 and account(qb, "3").CurrentBalance == 0


def test_purchase_order_transfer_and_card_payment_life_cycles(base: str) -> None:  # noqa: F811
    qb, _ = connect(base)
    clerk = vendor(qb)
    card = Account()
    card.Name, card.AccountType = "Visa", "Credit Card"
    card = card.save(qb=qb)
    checking = account(qb, "3")

    purchase = Purchase()
    purchase.PaymentType = "CreditCard"
    purchase.AccountRef = card.to_ref()
    purchase.EntityRef = clerk.to_ref()
    purchase.Line = [expense_line("45", account(qb, "15"))]
    purchase = purchase.save(qb=qb)
    assert purchase.TotalAmt == Decimal("45.00") and purchase.EntityRef.name == "Court Clerk"
    purchase.PrivateNote = "court costs"
    purchase.save(qb=qb)
    assert account(qb, card.Id).CurrentBalance == Decimal("45.00")

    paid = CreditCardPayment()
    paid.CreditCardAccountRef = card.to_ref()
    paid.BankAccountRef = checking.to_ref()
    paid.Amount = Decimal("45")
    paid = paid.save(qb=qb)
    assert account(qb, card.Id).CurrentBalance == 0
    paid.PrivateNote = "statement 12"
    paid = paid.save(qb=qb)
    assert CreditCardPayment.get(paid.Id, qb=qb).PrivateNote == "statement 12"

    order = PurchaseOrder()
    order.VendorRef = clerk.to_ref()
    order.Line = [item_line(3, "4")]
    order = order.save(qb=qb)
    assert order.TotalAmt == Decimal("12.00") and order.POStatus == "Open"
    order.POStatus = "Closed"
    order.save(qb=qb)
    assert [o.Id for o in PurchaseOrder.filter(POStatus="Closed", qb=qb)] == [order.Id]

    transfer = Transfer()
    transfer.FromAccountRef = checking.to_ref()
    transfer.ToAccountRef = account(qb, "10").to_ref()
    transfer.Amount = Decimal("5")
    transfer = transfer.save(qb=qb)
    transfer.PrivateNote = "to trust"
    transfer.save(qb=qb)
    assert Transfer.get(transfer.Id, qb=qb).PrivateNote == "to trust"

    for kind, id_ in ((Purchase, purchase.Id), (CreditCardPayment, paid.Id),
                      (PurchaseOrder, order.Id), (Transfer, transfer.Id)):
        assert [o.Id for o in kind.filter(Id=id_, qb=qb)] == [id_]
        kind.get(id_, qb=qb).delete(qb=qb)
        assert kind.count(qb=qb) == 0
    assert account(qb, "3").CurrentBalance == 0


def test_time_activity_and_attachable_life_cycles(base: str) -> None:  # noqa: F811
    qb, _ = connect(base)
    worker = Employee()
    worker.GivenName, worker.FamilyName = "Ann", "Lee"
    worker = worker.save(qb=qb)
    time = TimeActivity()
    time.NameOf = "Employee"
    time.EmployeeRef = worker.to_ref()
    time.Hours, time.Minutes = 1, 45
    time.HourlyRate = Decimal("250")
    time = time.save(qb=qb)
    assert (time.Hours, time.Minutes, time.BillableStatus) == (1, 45, "NotBillable")
    time.Description = "research"
    time = time.save(qb=qb)
    assert [t.Id for t in TimeActivity.filter(NameOf="Employee", qb=qb)] == [time.Id]

    note = Attachable()
    note.Note = "Timesheet approved"
    link = AttachableRef()
    link.EntityRef = Ref()
    link.EntityRef.type, link.EntityRef.value = "TimeActivity", time.Id
    note.AttachableRef.append(link)
    note = note.save(qb=qb)
    assert Attachable.get(note.Id, qb=qb).AttachableRef[0].EntityRef.value == time.Id
    note.Note = "Timesheet approved by partner"
    note.save(qb=qb)
    assert Attachable.get(note.Id, qb=qb).Note == "Timesheet approved by partner"

    upload = Attachable()
    upload.FileName, upload.ContentType = "letter.pdf", "application/pdf"
    upload._FileBytes = b"%PDF-1.4"
    with pytest.raises(UnsupportedException):  # file uploads are not modelled
        upload.save(qb=qb)
    Attachable.get(note.Id, qb=qb).delete(qb=qb)
    TimeActivity.get(time.Id, qb=qb).delete(qb=qb)
    assert Attachable.count(qb=qb) == 0 and TimeActivity.count(qb=qb) == 0


def test_exchange_rate_query_and_save(base: str) -> None:  # noqa: F811
    qb, _ = connect(base)
    prefs = Preferences.get(qb=qb)
    prefs.CurrencyPrefs.MultiCurrencyEnabled = True
    prefs.save(qb=qb)
    rate = ExchangeRate()
    rate.SourceCurrencyCode, rate.TargetCurrencyCode = "EUR", "USD"
    rate.Rate, rate.AsOfDate = Decimal("1.0825"), "2026-01-02"
    rate = rate.save(qb=qb)
    assert rate.Rate == Decimal("1.0825") and str(rate.SyncToken) == "0"
    [found] = ExchangeRate.filter(SourceCurrencyCode="EUR", qb=qb)
    found.Rate = Decimal("1.1")
    found.save(qb=qb)
    assert [r.Rate for r in ExchangeRate.filter(AsOfDate="2026-01-02", qb=qb)] == [
        Decimal("1.1")]
