"""The three-way merge of contact fields: QBO-only edits flow back, conflicts go to the newer."""

from lawbooks.engine.merge import merge

BASE = {"email": "jane@example.com", "phone": "617-555-0100", "billing": "1 Main St|Boston"}


def test_a_field_changed_only_in_qbo_goes_to_clio():
    theirs = {**BASE, "phone": "617-555-0199"}
    outcome = merge(BASE, BASE, theirs, ours_newer=False)
    assert outcome.to_source == {"phone": "617-555-0199"} and outcome.conflicts == ()


def test_a_field_changed_only_in_clio_is_left_to_the_ordinary_plan():
    ours = {**BASE, "email": "jane@new.example"}
    assert merge(BASE, ours, BASE, ours_newer=True).to_source == {}


def test_the_same_change_on_both_sides_is_no_conflict():
    both = {**BASE, "email": "jane@new.example"}
    outcome = merge(BASE, both, both, ours_newer=False)
    assert outcome.to_source == {} and outcome.conflicts == ()


def test_a_conflict_goes_to_the_newer_edit_and_is_logged():
    ours, theirs = {**BASE, "email": "clio@x.example"}, {**BASE, "email": "qbo@x.example"}
    newer_qbo = merge(BASE, ours, theirs, ours_newer=False)
    assert newer_qbo.to_source == {"email": "qbo@x.example"}
    assert "QuickBooks's, was kept" in newer_qbo.conflicts[0]
    newer_clio = merge(BASE, ours, theirs, ours_newer=True)
    assert newer_clio.to_source == {} and "Clio's, was kept" in newer_clio.conflicts[0]


def test_a_field_cleared_in_qbo_is_cleared_in_clio():
    assert merge(BASE, BASE, {**BASE, "phone": None}, ours_newer=False).to_source == {
        "phone": None}
