"""Attachable: the metadata of a note or file attached to transactions and list objects.

Only metadata is modelled: a note (``Note``) or a file's description (``FileName``,
``ContentType``...), one of which is required (2020), linked through ``AttachableRef`` to
objects that must exist (2500). File bytes are not: ``/upload`` and ``/download`` answer QBO's
unsupported-operation error (code 500), and no FileAccessUri is ever handed out. An attachable
can be deleted.
"""

from __future__ import annotations

from .exceptions import InvalidReference, RequiredParamMissing
from .fields import Realm, check_lengths
from .kinds import REGISTRY, EntityKind, register
from .store import Doc, Record

LIMITS = {"Note": 2000, "FileName": 1000, "ContentType": 100, "Category": 100}


class AttachableKind(EntityKind):
    name = "Attachable"
    deletable = True
    readonly = frozenset({"FileAccessUri", "TempDownloadUri", "Size", "ThumbnailFileAccessUri",
                          "ThumbnailTempDownloadUri"})

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        check_lengths(doc, LIMITS)
        if not doc.get("Note") and not doc.get("FileName"):
            raise RequiredParamMissing("Note")
        doc["AttachableRef"] = [self._ref(realm, dict(ref))
                                for ref in doc.get("AttachableRef") or []]
        return doc

    def _ref(self, realm: Realm, ref: Doc) -> Doc:
        entity = ref.get("EntityRef") or {}
        kind, value = str(entity.get("type") or ""), str(entity.get("value") or "")
        target = realm.lookup((kind,), value) if kind in REGISTRY and value else None
        if target is None or target.deleted:
            raise InvalidReference("AttachableRef.EntityRef")
        return {"IncludeOnSend": bool(ref.get("IncludeOnSend", False)), **ref,
                "EntityRef": {"type": kind, "value": value}}


ATTACHABLE = register(AttachableKind())
