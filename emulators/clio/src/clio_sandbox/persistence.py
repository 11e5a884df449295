"""Saving the whole Clio sandbox to a file and loading it back.

What is kept: the clock (as the time it showed), the OAuth server (apps, grants, codes,
tokens), the id sequences, every firm with its records, ledger and webhooks. What is not: the
rate windows and the webhook dispatcher's thread and log, which describe a run, not a firm.

The file is a pickle behind a format line: the firm model is a graph of dataclasses that
point at each other (a bill at its matter and client, an allocation at its bill), which pickle
keeps as it is and a hand-written JSON mapping would have to rebuild link by link. A pickle
runs code when it is loaded, so the sandbox loads only a file it is told to, from a folder of
its owner's (the demo keeps it in its 0700 data dir); it is never read from the network.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clio_sandbox.sandbox import ClioSandbox

FORMAT = b"lawbooks-clio-sandbox-state 1\n"
KEPT = ("clock", "oauth", "ids", "firms", "webhooks")


class StateFileError(ValueError):
    """Not a state file this sandbox wrote."""


def save(sandbox: ClioSandbox, path: str | os.PathLike[str]) -> Path:
    """Write the state atomically (a temporary file renamed over ``path``), mode 0600."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    body = pickle.dumps({name: getattr(sandbox, name) for name in KEPT},
                        protocol=pickle.HIGHEST_PROTOCOL)
    with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False,
                                     suffix=".tmp") as handle:
        handle.write(FORMAT + body)
    os.replace(handle.name, target)
    return target


def load(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The saved parts (``KEPT``), for ``ClioSandbox`` to take in place of new ones."""
    data = Path(path).read_bytes()
    if not data.startswith(FORMAT):
        raise StateFileError(f"{path} is not a Clio sandbox state file")
    state = pickle.loads(data[len(FORMAT):])  # our own file: see the note above
    if not isinstance(state, dict) or set(state) != set(KEPT):
        raise StateFileError(f"{path} is a state file of another version")
    return state
