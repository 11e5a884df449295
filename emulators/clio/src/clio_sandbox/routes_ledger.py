"""The /_sandbox/ scripting endpoints for money: bank accounts, payments, credit notes, trust
transactions, transfers, trust requests and interest. Not part of Clio; no authentication.

References in bodies are record ids. Each call is one write (one tick of the firm clock) and
answers the record it made or changed with every served field, in the API's own shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from clio_sandbox import firm_money, ledger_format, serializers
from clio_sandbox.exceptions import Unprocessable
from clio_sandbox.firm import FirmBackend
from clio_sandbox.routes_api import sandbox_of
from clio_sandbox.routes_sandbox import _answer, _firm, _json

router = APIRouter(prefix="/_sandbox/firms/{firm_id:int}")
Op = Callable[[FirmBackend, Any, firm_money.Refs, Any, str], Any]


def _write(firm: FirmBackend, op: Op, spec: Any, where: str) -> Any:
    return op(firm, spec, firm_money.Refs(firm), firm.clock.tick(), where)


@router.post("/bank_accounts")
async def create_bank_account(request: Request, firm_id: int) -> Response:
    firm = _firm(request, firm_id)
    spec = ledger_format.parse_bank_account(await _json(request), "bank_account")
    account = firm_money.add_bank_account(firm, spec, firm.clock.tick())
    return _answer(account, "bank_accounts", 201)


@router.post("/payments")
async def record_payment(request: Request, firm_id: int) -> Response:
    firm = _firm(request, firm_id)
    spec = ledger_format.parse_payment(await _json(request), "payment")
    return _answer(_write(firm, firm_money.record_payment, spec, "payment"), "payments", 201)


@router.patch("/payments/{payment_id:int}")
async def edit_payment(request: Request, firm_id: int, payment_id: int) -> Response:
    firm = _firm(request, firm_id)
    payment = firm.get("payments", payment_id)
    amounts, changes = ledger_format.parse_payment_edit(await _json(request))
    edited = firm.ledger.edit_payment(payment, amounts, firm.clock.tick(), **changes)
    return _answer(edited, "payments")


@router.post("/payments/{payment_id:int}/void")
async def void_payment(request: Request, firm_id: int, payment_id: int) -> Response:
    firm = _firm(request, firm_id)
    payment = firm.ledger.void_payment(firm.get("payments", payment_id), firm.clock.tick())
    return _answer(payment, "payments")


@router.delete("/payments/{payment_id:int}")
async def delete_payment(request: Request, firm_id: int, payment_id: int) -> Response:
    firm = _firm(request, firm_id)
    firm.ledger.void_payment(firm.get("payments", payment_id), firm.clock.tick(), delete=True)
    return Response(status_code=204)


@router.post("/credit_notes")
async def create_credit_note(request: Request, firm_id: int) -> Response:
    firm = _firm(request, firm_id)
    spec = ledger_format.parse_credit_note(await _json(request), "credit_note")
    memo = _write(firm, firm_money.credit_note, spec, "credit_note")
    return _answer(memo, "credit_memos", 201)


@router.post("/credit_notes/{memo_id:int}/void")
async def void_credit_note(request: Request, firm_id: int, memo_id: int) -> Response:
    firm = _firm(request, firm_id)
    memo = firm.ledger.void_credit_note(firm.get("credit_memos", memo_id), firm.clock.tick())
    return _answer(memo, "credit_memos")


@router.post("/trust_transactions")
async def create_trust_transaction(request: Request, firm_id: int) -> Response:
    firm = _firm(request, firm_id)
    spec = ledger_format.parse_trust_transaction(await _json(request), "trust_transaction")
    txn = _write(firm, firm_money.trust_transaction, spec, "trust_transaction")
    return _answer(txn, "bank_transactions", 201)


@router.patch("/trust_transactions/{txn_id:int}")
async def edit_trust_transaction(request: Request, firm_id: int, txn_id: int) -> Response:
    firm = _firm(request, firm_id)
    changes = ledger_format.parse_trust_edit(await _json(request))
    txn = firm.trust.edit(firm.get("bank_transactions", txn_id), changes, firm.clock.tick())
    return _answer(txn, "bank_transactions")


@router.delete("/trust_transactions/{txn_id:int}")
async def delete_trust_transaction(request: Request, firm_id: int, txn_id: int) -> Response:
    firm = _firm(request, firm_id)
    txn = firm.get("bank_transactions", txn_id)
    firm.trust.check_manual(txn)
    firm.clock.tick()
    firm.trust.delete(txn, f"bank transaction {txn.id}")
    return Response(status_code=204)


@router.post("/transfers")
async def create_transfer(request: Request, firm_id: int) -> Response:
    firm = _firm(request, firm_id)
    spec = ledger_format.parse_transfer(await _json(request), "transfer")
    transfer = _write(firm, firm_money.transfer, spec, "transfer")
    body = {"data": serializers.full(transfer, "bank_transfers"),
            "bank_transactions": [serializers.full(t, "bank_transactions")
                                  for t in transfer.halves]}  # fmt: skip
    return serializers.ClioJSONResponse(body, 201)


@router.post("/trust_requests")
async def create_trust_request(request: Request, firm_id: int) -> Response:
    firm = _firm(request, firm_id)
    spec = ledger_format.parse_trust_request(await _json(request), "trust_request")
    return _answer(_write(firm, firm_money.trust_request, spec, "trust_request"), "bills", 201)


@router.post("/bills/{bill_id:int}/interest")
async def charge_interest(request: Request, firm_id: int, bill_id: int) -> Response:
    firm = _firm(request, firm_id)
    bill = firm.get("bills", bill_id)
    spec = ledger_format.parse_charge(await _json(request), "interest")
    charge = firm_money.interest(firm, bill, spec, firm.clock.tick(), "interest")
    return _answer(charge, "interest_charges", 201)


@router.post("/matters")
async def create_matter(request: Request, firm_id: int) -> Response:
    firm = _firm(request, firm_id)
    spec = ledger_format.parse_matter(await _json(request), "matter")
    return _answer(firm.create_matter(spec), "matters", 201)


@router.patch("/matters/{matter_id:int}")
async def update_matter(request: Request, firm_id: int, matter_id: int) -> Response:
    firm = _firm(request, firm_id)
    changes = ledger_format.parse_matter_changes(await _json(request))
    return _answer(firm.update_matter(matter_id, changes), "matters")


webhook_router = APIRouter(prefix="/_sandbox/webhooks")


@webhook_router.get("/deliveries")
async def webhook_deliveries(request: Request) -> Response:
    """Every finished webhook POST (activations too), oldest first."""
    log = [vars(entry) for entry in sandbox_of(request).dispatcher.log]
    return serializers.ClioJSONResponse({"deliveries": log})


@webhook_router.post("/drain")
async def drain_webhooks(request: Request) -> Response:
    """Wait (up to 10 s) until every pending webhook POST is delivered or given up."""
    if not sandbox_of(request).dispatcher.drain():
        raise Unprocessable("webhook deliveries are still pending after 10 s")
    return Response(status_code=204)
