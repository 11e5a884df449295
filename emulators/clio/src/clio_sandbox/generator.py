"""A generator of realistic firms in the documented firm JSON format (docs/sandbox-clio.md).

``generate_firm(size, seed, **counts)`` is deterministic: one ``random.Random(seed)`` drives
everything and nothing reads the clock, so the same arguments give byte-identical JSON. Records
come from generators in dependency order (contacts, matters, bills) with money built from
integer cents, which keeps a large firm (5,000 contacts, 50,000 bills) to a few seconds.

What the firms contain, on purpose:
* persons and companies with US names, emails, phones and addresses (some fields missing);
* 1-3 matters per client, bills in every state (recent bills are more often drafts, old ones
  paid), services (0.3-6.0 h at 150-650/h) and expenses (filing fees, couriers, copies...),
  tax on some lines, discounts on some bills, unique bill numbers in issue-date order;
* contacts that must never reach QBO: some with no matter or bill, some with drafts only.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from clio_sandbox import generator_data as words
from clio_sandbox.generator_money import MoneyMaker

SIZES = {"small": (25, 60), "medium": (500, 5_000), "large": (5_000, 50_000)}
ANCHOR = date(2026, 3, 31)  # "today" for generated firms: fixed, so output never drifts
HISTORY_DAYS = 540
STATES = ("draft", "awaiting_approval", "awaiting_payment", "paid", "void", "deleted")
RECENT_WEIGHTS = (30, 10, 50, 8, 1, 1)  # bills issued in the last 45 days
OLD_WEIGHTS = (3, 1, 22, 64, 6, 4)


def generate_firm(size: str | None = "small", seed: int = 7, **counts: int) -> dict[str, Any]:
    """A whole firm document. ``counts`` (contacts=, bills=) override the size's defaults."""
    n_contacts, n_bills = _counts(size, counts)
    rng = random.Random(seed)
    settings = _settings(rng)
    contacts = list(_contacts(rng, n_contacts))
    kinds = _client_kinds(rng, contacts)
    matters = list(_matters(rng, contacts, kinds))
    bills = list(_bills(rng, matters, kinds, n_bills, settings))
    _cover_states(rng, bills, {m["key"]: kinds[m["client"]] for m in matters})
    document = {
        "name": _firm_name(rng),
        "settings": settings,
        "contacts": contacts,
        "matters": matters,
        "bills": bills,
    }
    document.update(MoneyMaker(rng, document, ANCHOR).build())
    return document


def _counts(size: str | None, counts: dict[str, int]) -> tuple[int, int]:
    unknown = set(counts) - {"contacts", "bills"}
    if unknown:
        raise TypeError(f"unknown counts: {', '.join(sorted(unknown))}")
    if size is not None and size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}")
    default_contacts, default_bills = SIZES[size or "small"]
    if size is None and counts:
        # Keep small/medium/large's ratio of bills to contacts for the count not given.
        default_contacts = counts.get("contacts", max(1, counts.get("bills", 60) * 5 // 12))
        default_bills = counts.get("bills", default_contacts * 12 // 5)
    return counts.get("contacts", default_contacts), counts.get("bills", default_bills)


def _firm_name(rng: random.Random) -> str:
    a, b = rng.sample(words.LAST_NAMES, 2)
    return rng.choice((f"{a} & {b} LLP", f"{a}, {b} & Associates", f"{a} Law Group PC"))


def _settings(rng: random.Random) -> dict[str, Any]:
    secondary = rng.random() < 0.25
    return {
        "currency": "USD",
        "tax_name": "Sales Tax",
        "tax_rate": rng.choice(words.TAX_RATES),
        "use_secondary_tax": secondary,
        "secondary_tax_name": "County Tax" if secondary else "Secondary Tax",
        "secondary_tax_rate": "1.5" if secondary else "0",
    }


# --- contacts --------------------------------------------------------------------------------


def _contacts(rng: random.Random, count: int) -> Iterator[dict[str, Any]]:
    people: list[tuple[str, str]] = []
    for i in range(1, count + 1):
        if rng.random() < 0.6:
            yield _person(rng, f"c{i}", people)
        else:
            yield _company(rng, f"c{i}")


def _person(rng: random.Random, key: str, people: list[tuple[str, str]]) -> dict[str, Any]:
    # Now and then two clients share a name: a DisplayName clash lawbooks must resolve.
    if people and rng.random() < 0.02:
        first, last = rng.choice(people)
    else:
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        people.append((first, last))
    handle = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
    email = f"{handle}{rng.randrange(100) if rng.random() < 0.3 else ''}@"
    contact = {"key": key, "type": "Person", "first_name": first, "last_name": last}
    return _reach(rng, contact, email + rng.choice(words.PERSONAL_DOMAINS))


def _company(rng: random.Random, key: str) -> dict[str, Any]:
    core, trade = rng.choice(words.COMPANY_CORES), rng.choice(words.COMPANY_TRADES)
    name = f"{core} {trade} {rng.choice(words.COMPANY_SUFFIXES)}".strip()
    slug = f"{core}{trade.split()[0]}".lower().replace(".", "")
    mailbox = rng.choice(("ap", "billing", "accounts", "legal", "office"))
    return _reach(rng, {"key": key, "type": "Company", "name": name}, f"{mailbox}@{slug}.example")


def _reach(rng: random.Random, contact: dict[str, Any], email: str) -> dict[str, Any]:
    city, state, zip3, area = rng.choice(words.PLACES)
    if rng.random() < 0.9:
        contact["email"] = email
    if rng.random() < 0.85:
        contact["phone"] = f"{area}-555-{rng.randrange(100, 10000):04d}"
    if rng.random() < 0.8:
        contact["address"] = {
            "street": f"{rng.randrange(1, 2500)} {_street(rng)}{rng.choice(words.UNITS)}",
            "city": city,
            "province": state,
            "postal_code": f"{zip3}{rng.randrange(100):02d}",
            "country": "United States",
        }
    return contact


def _street(rng: random.Random) -> str:
    return f"{rng.choice(words.STREETS)} {rng.choice(words.STREET_SUFFIXES)}"


# --- matters ---------------------------------------------------------------------------------


def _client_kinds(rng: random.Random, contacts: list[dict[str, Any]]) -> dict[str, str]:
    """Each contact's role: a billed client, a drafts-only client, or no client at all."""
    kinds = {c["key"]: rng.choices(("billed", "drafts", "none"), (80, 8, 12))[0] for c in contacts}
    keys = [c["key"] for c in contacts]
    if len(keys) >= 3:  # every firm has each kind, however small
        kinds[keys[-1]], kinds[keys[-2]], kinds[keys[0]] = "none", "drafts", "billed"
    return kinds


def _matters(
    rng: random.Random, contacts: list[dict[str, Any]], kinds: dict[str, str]
) -> Iterator[dict[str, Any]]:
    number = 0
    for contact in contacts:
        if kinds[contact["key"]] == "none":
            continue
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            number += 1
            yield {
                "key": f"m{number}",
                "client": contact["key"],
                "description": _matter_description(rng, contact),
                "status": rng.choices(("Open", "Closed", "Pending"), (75, 20, 5))[0],
            }


def _matter_description(rng: random.Random, contact: dict[str, Any]) -> str:
    last = contact.get("last_name") or contact.get("name", "")
    other = f"{rng.choice(words.COMPANY_CORES)} {rng.choice(words.COMPANY_TRADES)}"
    template = rng.choice(words.MATTER_TEMPLATES)
    return template.format(
        last=last,
        company=contact.get("name") or last,
        other=other,
        street=f"{rng.randrange(1, 999)} {_street(rng)}",
    )


# --- bills -----------------------------------------------------------------------------------


def _bills(
    rng: random.Random,
    matters: list[dict[str, Any]],
    kinds: dict[str, str],
    count: int,
    settings: dict[str, Any],
) -> Iterator[dict[str, Any]]:
    if not matters:
        return
    secondary = bool(settings["use_secondary_tax"])
    first_number = rng.randrange(1001, 5000)
    start = ANCHOR - timedelta(days=HISTORY_DAYS)
    for i in range(count):
        # Issue dates only move forward, so bill numbers follow issue order as in real firms.
        issued = start + timedelta(days=HISTORY_DAYS * i // max(1, count))
        matter = rng.choice(matters)
        drafts_only = kinds[matter["client"]] == "drafts"
        yield _bill(rng, f"b{i + 1}", str(first_number + i), issued, matter, drafts_only, secondary)


def _bill(
    rng: random.Random,
    key: str,
    number: str,
    issued: date,
    matter: dict[str, Any],
    drafts_only: bool,
    secondary: bool,
) -> dict[str, Any]:
    weights: tuple[int, ...] = RECENT_WEIGHTS if (ANCHOR - issued).days <= 45 else OLD_WEIGHTS
    states: tuple[str, ...] = STATES
    if drafts_only:
        states, weights = STATES[:2], weights[:2]
    state = rng.choices(states, weights)[0]
    taxed = rng.random() < 0.35
    count = rng.choice((1, 2, 2, 3, 3, 4, 5, 6))
    lines = [_line(rng, issued, taxed, secondary) for _ in range(count)]
    bill: dict[str, Any] = {
        "key": key,
        "matter": matter["key"],
        "number": number,
        "state": state,
        "issued_at": issued.isoformat(),
        "due_at": (issued + timedelta(days=rng.choice((15, 30, 30, 30, 45, 60)))).isoformat(),
        "lines": lines,
    }
    if rng.random() < 0.12:
        bill["discount"] = _discount(rng, sum(line.pop("_cents") for line in lines))
    else:
        for line in lines:
            del line["_cents"]
    if state == "paid":
        bill["paid_at"] = _paid_at(rng, issued)
    return bill


def _line(rng: random.Random, issued: date, taxed: bool, secondary: bool) -> dict[str, Any]:
    day = (issued - timedelta(days=rng.randrange(0, 30))).isoformat()
    if rng.random() < 0.7:
        tenths, cents = rng.randrange(3, 61), rng.choice(words.HOURLY_RATES) * 100
        text, kind = rng.choice(words.SERVICE_TASKS), "Service"
        quantity = f"{tenths // 10}.{tenths % 10}"
        total, taxable = (tenths * cents + 5) // 10, taxed
    else:
        text, prices, (low, high) = rng.choice(words.EXPENSES)
        units, cents = rng.randint(low, high), rng.choice(prices)
        kind, quantity, total = "Expense", str(units), units * cents
        taxable = taxed and rng.random() < 0.15
    price = f"{cents // 100}.{cents % 100:02d}"
    line: dict[str, Any] = {
        "kind": kind, "date": day, "quantity": quantity, "price": price, "taxable": taxable,
    }  # fmt: skip
    # Real Clio lines often carry their text in the note, with no description.
    if rng.random() < 0.08:
        line["note"] = text
    else:
        line["description"] = text
    if secondary and taxable:
        line["secondary_taxable"] = rng.random() < 0.5
    line["_cents"] = total
    return line


def _discount(rng: random.Random, sub_total_cents: int) -> dict[str, str]:
    amount = rng.choice((5000, 10000, 25000))
    if rng.random() < 0.6 or amount * 3 > sub_total_cents:
        return {"type": "percentage", "rate": rng.choice(("5", "10", "15", "20"))}
    return {"type": "money", "rate": f"{amount // 100}.00"}


def _paid_at(rng: random.Random, issued: date) -> str:
    return f"{(issued + timedelta(days=rng.randrange(3, 61))).isoformat()}T12:00:00+00:00"


def _cover_states(rng: random.Random, bills: list[dict[str, Any]], kinds: dict[str, str]) -> None:
    """Make sure every state appears, using bills of fully billed clients only."""
    present = {b["state"] for b in bills}
    candidates = [b for b in bills if kinds[b["matter"]] == "billed"]
    for state in STATES:
        if state in present or not candidates:
            continue
        bill = candidates.pop(rng.randrange(len(candidates)))
        bill.pop("paid_at", None)
        bill["state"] = state
        if state == "paid":
            bill["paid_at"] = _paid_at(rng, date.fromisoformat(bill["issued_at"]))
        present.add(state)
