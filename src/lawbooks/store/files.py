"""Least privilege on disk: the data dir is 0700; the SQLite store, the key file and any state
file in it 0600. The store holds sealed OAuth tokens and the key that opens them, so no other
local account may read either."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Make `path` (0700) if it is missing. An existing dir's mode is left as the operator
    set it; `loose_permissions` reports it."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty with 0600 if it is missing, before SQLite opens it (SQLite gives
    its -wal and -shm files the database's mode)."""
    if str(path) in ("", ":memory:"):
        return path
    private_dir(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    return path


def loose_permissions(data_dir: Path) -> list[str]:
    """A sentence for the data dir and each file in it that group or others may open."""
    if not data_dir.is_dir():
        return []
    found = []
    if _mode(data_dir) & 0o077:
        found.append(f"{data_dir} is {_mode(data_dir):o}; run `chmod 700 {data_dir}`.")
    for item in sorted(data_dir.iterdir()):
        if item.is_file() and _mode(item) & 0o077:
            found.append(f"{item} is {_mode(item):o}; run `chmod 600 {item}`.")
    return found


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)
