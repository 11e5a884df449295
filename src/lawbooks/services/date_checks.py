"""Dates a firm types that are probably not what it meant: warnings, never refusals.

A start date in the future syncs nothing until then; one before the firm's first record in
Clio (as last read, by a sync or a plan preview) changes nothing and is often a typo in the
year (1800-01-01). Parsing the dates the web app receives in its addresses is here too, so
that a bad one is refused with the reason, never replaced by a default.
"""

from __future__ import annotations

from datetime import date

from lawbooks.bootstrap import App
from lawbooks.store.records import SqlRecordStore

# stream -> the field that dates its records
DATED = {"bills": "issued_at", "bank_transactions": "date", "allocations": "date",
         "credit_memos": "date"}


class BadDate(ValueError):
    """A date in a form or an address that is not YYYY-MM-DD; the message says so."""


def parse_day(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadDate(f"{what} {value!r} is not a date. Use YYYY-MM-DD, for example "
                      f"{date.today().isoformat()}.") from None


def first_record_date(app: App, firm_id: int) -> date | None:
    """The earliest dated record lawbooks has read from Clio, or None before the first read."""
    store = SqlRecordStore(app.sessions, firm_id)
    found: date | None = None
    for stream, field in DATED.items():
        for record in store.records(stream):
            raw = str(record.get(field) or "")[:10]
            try:
                day = date.fromisoformat(raw)
            except ValueError:
                continue
            found = day if found is None or day < found else found
    return found


def start_warnings(app: App, firm_id: int, day: date, what: str,
                   today: date | None = None) -> list[str]:
    """Why `day` (the sync or trust start) may not be meant; empty when it looks right."""
    today = today or date.today()
    warnings = []
    if day > today:
        warnings.append(f"The {what} {day.isoformat()} is in the future: nothing is synced "
                        "until then. Check the date if you meant to sync what is in Clio now.")
    first = first_record_date(app, firm_id)
    if first is not None and day < first:
        warnings.append(f"The {what} {day.isoformat()} is before the firm's first record in "
                        f"Clio ({first.isoformat()}), so it changes nothing; check the year. "
                        "To sync everything, the date of that first record will do.")
    return warnings
