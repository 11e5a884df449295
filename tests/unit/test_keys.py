"""Content hashes and idempotency keys never change between versions: a journal entry
written by one version is finished by the next, and QBO recognises a resent request only by
the same key."""

from decimal import Decimal

from lawbooks.domain.model import SourceRef
from lawbooks.engine.keys import content_hash, idempotency_key

DOCUMENT = {"b": [Decimal("100.00"), Decimal("1E+2"), {"z": None, "a": True, "n": 3}],
            "a": "x", "t": (1, Decimal("0.10"))}


def test_the_hash_of_a_document_is_pinned():
    # Computed by the version that first wrote journals; a change here strands their keys.
    assert content_hash(DOCUMENT) == (
        "f16986bc9cacd65634f267afaab2da4012ab7f570e366e455eda976b7ed05936")
    assert content_hash({}) == "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"


def test_key_order_and_decimal_scale_do_not_change_the_hash():
    reordered = {"t": [1, Decimal("0.1")], "a": "x",
                 "b": [Decimal("100"), Decimal("100.0"), {"n": 3, "a": True, "z": None}]}
    assert content_hash(reordered) == content_hash(DOCUMENT)
    assert content_hash({**DOCUMENT, "a": "y"}) != content_hash(DOCUMENT)


def test_idempotency_keys_fit_qbo_and_follow_their_material():
    source = SourceRef.parse("bill/9001")
    key = idempotency_key("9341", "Invoice", "create", source, content_hash(DOCUMENT))
    assert len(key) == 32 and key == idempotency_key("9341", "Invoice", "create", source,
                                                     content_hash(DOCUMENT))
    assert key != idempotency_key("9341", "Invoice", "update", source, content_hash(DOCUMENT))
