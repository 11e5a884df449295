"""Where the demo keeps its sandboxes' state: apart from `lawbooks.demo`, which loads both
sandboxes (the web framework with them), so that `lawbooks sync` and `reconcile` can tell a
demo store from a real one without loading them."""

from __future__ import annotations

from pathlib import Path


def state_files(data_dir: Path) -> tuple[Path, Path]:
    """Where the demo keeps the Clio and the QBO sandbox's state."""
    return data_dir / "sandboxes" / "clio.state", data_dir / "sandboxes" / "qbo.json"


def has_saved_sandboxes(data_dir: Path) -> bool:
    return all(path.is_file() for path in state_files(data_dir))
