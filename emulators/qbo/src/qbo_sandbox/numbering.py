"""Transaction document numbers: QBO's auto-numbering and its duplicate-number rule (6140).

With ``SalesFormsPrefs.CustomTxnNumbers`` off QBO numbers sales forms itself (next after the
highest numeric DocNumber, from 1001); with it on a form without DocNumber stays unnumbered.
A duplicate DocNumber within one transaction type is refused with 6140 when the company's
matching "warn if duplicate ... number" preference (OtherPrefs) is on, unless the request
carries ``include=allowduplicatedocnum``.
"""

from __future__ import annotations

from qbo_sandbox.exceptions import DuplicateDocNumber, StringTooLong
from qbo_sandbox.fields import Realm
from qbo_sandbox.store import Doc, Record

FIRST_NUMBER = 1001
MAX_LENGTH = 21
# Which OtherPrefs switch guards each type. QBO has no separate invoice switch; Clio requires
# "Warn if duplicate bill number is used" for its invoice sync, so it governs sales forms here.
WARN_PREF = {
    "Invoice": "WarnDuplicateBillNumber",
    "CreditMemo": "WarnDuplicateBillNumber",
    "JournalEntry": "WarnDuplicateJournalNumber",
}


def index_key(kind: str, doc: Doc) -> list[tuple[str, str]]:
    number = doc.get("DocNumber")
    return [(f"{kind}#", str(number))] if number not in (None, "") else []


def next_number(realm: Realm, kind: str) -> str:
    highest = FIRST_NUMBER - 1
    for record in realm.store.live(kind):
        number = str(record.doc.get("DocNumber", ""))
        if number.isdigit():
            highest = max(highest, int(number))
    return str(highest + 1)


def assign(realm: Realm, kind: str, doc: Doc, old: Record | None, auto: bool) -> None:
    """Fill, check and de-duplicate ``doc["DocNumber"]`` in place."""
    number = doc.get("DocNumber")
    if number in (None, ""):
        doc.pop("DocNumber", None)
        custom = bool(realm.pref("SalesFormsPrefs", "CustomTxnNumbers", False))
        if auto and not custom:
            kept = old.doc.get("DocNumber") if old is not None else None
            doc["DocNumber"] = kept or next_number(realm, kind)
        return
    number = str(number)
    if len(number) > MAX_LENGTH:
        raise StringTooLong("DocNumber", MAX_LENGTH, len(number))
    doc["DocNumber"] = number
    pref = WARN_PREF.get(kind)
    if pref is None or not realm.other_pref(pref) or realm.allow_duplicate_docnum:
        return
    holders = realm.store.holders((f"{kind}#", number)) - ({old.id} if old else set())
    if holders:
        raise DuplicateDocNumber(number, kind, min(holders, key=int))
