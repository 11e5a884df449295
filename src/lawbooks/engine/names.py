"""The target's names as the planner reads them, from a store kept current by the change
feed (`store/names.py`), so that a run looks up the few names it plans instead of listing
the company's every customer, vendor and employee."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from lawbooks.engine.ports import TargetObject


@dataclass(frozen=True, slots=True)
class Named:
    """A name's holder as QBO reported it (`removed`: deleted, so the name is free)."""

    name: str  # lower-cased
    holder: TargetObject
    removed: bool = False


class NameStore(Protocol):
    """The target's names as last listed, and what its change feed reported since."""

    def watermark(self, realm: str) -> str | None:
        """When the stored names were last current, on the target's clock; None: never
        filled for this company."""
        ...

    def replace(self, realm: str, names: Iterable[Named], watermark: str) -> None: ...

    def released(self, changes: Iterable[Named]) -> set[str]:
        """The names these changes free: a holder renamed away, or deleted."""
        ...

    def apply(self, realm: str, changes: Iterable[Named], watermark: str) -> set[str]:
        """Store the changes; the names they released (as `released` would have said)."""
        ...

    def tagged(self, entity: str, source: str) -> TargetObject | None: ...

    def holder(self, name: str) -> TargetObject | None: ...

    def starting_with(self, prefix: str) -> dict[str, TargetObject]: ...

    def every(self) -> dict[str, TargetObject]: ...


class NameView(Mapping[str, TargetObject]):
    """The stored names as the planner's `TargetIndex.names`, read one name at a time, with
    the change feed's news laid over them (a dry run reads the feed but stores nothing)."""

    def __init__(self, store: NameStore, news: Iterable[Named] = ()) -> None:
        self._store = store
        latest = {(n.holder.entity, n.holder.id): n for n in news}  # the last word counts
        self._news = {n.name: n.holder for n in latest.values() if not n.removed}
        self._moved = set(latest)  # what the store holds of these is out of date
        self._read: dict[str, TargetObject | None] = {}

    def __getitem__(self, name: str) -> TargetObject:
        found = self._news.get(name) or self._stored(name)
        if found is None:
            raise KeyError(name)
        return found

    def _stored(self, name: str) -> TargetObject | None:
        if name not in self._read:
            self._read[name] = self._store.holder(name)
        found = self._read[name]
        if found is not None and (found.entity, found.id) in self._moved:
            return None  # renamed or deleted since: the news say where it went
        return found

    def _all(self) -> dict[str, TargetObject]:
        names = {k: v for k, v in self._store.every().items()
                 if (v.entity, v.id) not in self._moved}
        names.update(self._news)
        return names

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def starting_with(self, prefix: str) -> dict[str, TargetObject]:
        found = {k: v for k, v in self._store.starting_with(prefix).items()
                 if (v.entity, v.id) not in self._moved}
        found.update((k, v) for k, v in self._news.items()
                     if k.startswith(prefix))
        return found
