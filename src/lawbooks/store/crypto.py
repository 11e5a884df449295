"""Secrets at rest: Fernet (AES-128-CBC + HMAC) from `cryptography`.

The key comes from LAWBOOKS_SECRET_KEY, or, for the embedded default, from a key file made
once with 0600 permissions beside the database. Losing the key means reconnecting both
services; the links and journal stay readable (they hold no secrets).
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from lawbooks.store.files import FILE_MODE, private_dir


class SecretBoxError(Exception):
    pass


class SecretBox:
    def __init__(self, key: bytes) -> None:
        try:
            self._fernet = Fernet(key)
        except ValueError as exc:
            raise SecretBoxError(
                "LAWBOOKS_SECRET_KEY is not a valid key. Make one with "
                "`lawbooks db new-key` and keep it with your backups.") from exc

    def seal(self, secret: str) -> bytes:
        return self._fernet.encrypt(secret.encode())

    def open(self, sealed: bytes) -> str:
        try:
            return self._fernet.decrypt(sealed).decode()
        except InvalidToken as exc:
            raise SecretBoxError(
                "A stored token cannot be decrypted: the secret key changed. Restore the "
                "old key, or reconnect Clio and QuickBooks.") from exc


def new_key() -> str:
    return Fernet.generate_key().decode()


def load_key(env_value: str | None, key_file: Path) -> bytes:
    """The configured key, else the key file's, else a new key written to the key file."""
    if env_value:
        return env_value.encode()
    if key_file.exists():
        return key_file.read_bytes().strip()
    private_dir(key_file.parent)
    key = Fernet.generate_key()
    # O_EXCL: if two processes race, one creates and the other reads what it wrote.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return key_file.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key
