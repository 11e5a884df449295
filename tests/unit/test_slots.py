"""Each firm's slot in the sync interval (issue #20): stable, spread, and kept in step."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from lawbooks.services.slots import next_slot, slot_offset

INTERVAL = timedelta(minutes=15)
T = datetime(2026, 3, 2, 9, 0, 7, tzinfo=UTC)


def test_a_slot_is_stable_and_within_the_interval():
    for firm in range(1, 200):
        offset = slot_offset(firm, INTERVAL)
        assert timedelta(0) <= offset < INTERVAL
        assert offset == slot_offset(firm, INTERVAL)  # no salted hash: same in every process


def test_a_hundred_firms_synced_at_once_wake_over_the_interval_not_together():
    """After a restart every firm's last run began in the same second: their next runs
    must not all fall in one tick."""
    wakes = [next_slot(firm, INTERVAL, T) for firm in range(1, 101)]
    per_minute = Counter(w.replace(second=0) for w in wakes)
    assert len(per_minute) >= 12  # of the 15 minutes of the interval
    assert max(per_minute.values()) <= 15  # not 100 at once
    for wake in wakes:
        assert T + INTERVAL / 2 <= wake <= T + INTERVAL * 1.5


def test_runs_stay_on_their_slot_and_never_closer_than_half_an_interval():
    firm = 42
    slot = next_slot(firm, INTERVAL, T)
    assert (slot - datetime(1970, 1, 1, tzinfo=UTC)) % INTERVAL == slot_offset(firm, INTERVAL)
    # A run that starts late (a busy tick or worker) keeps the next one on the slot.
    assert next_slot(firm, INTERVAL, slot + timedelta(seconds=40)) == slot + INTERVAL
    # A run a webhook asked for just before the slot: the slot after, not one straight away.
    assert next_slot(firm, INTERVAL, slot - timedelta(minutes=1)) == slot + INTERVAL
    # One long enough before it: that slot.
    assert next_slot(firm, INTERVAL, slot - timedelta(minutes=10)) == slot


def test_other_intervals_have_slots_of_their_own():
    hour = timedelta(hours=1)
    offsets = {slot_offset(firm, hour) for firm in range(1, 50)}
    assert len(offsets) > 40
    assert all(o < hour for o in offsets)
