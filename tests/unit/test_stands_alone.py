"""The repository stands alone: no file names a path outside it.

A clone in an empty directory must pass `make test`, so no tracked file may reach for a
sibling folder (the `shared` folder beside a developer's clone), climb out of the repository
from `__file__`, or name a directory of one machine (a home or work folder). This file spells
its own patterns in pieces so that it does not match itself. The conformance data (under
tests/conformance/ and each emulator's tests/conformance/) is third-party data and is not read.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent.parent  # tests/unit/ -> the repository
DATA = ("tests/conformance/", "emulators/qbo/tests/conformance/",
        "emulators/clio/tests/conformance/")
SKIP_DIRS = {".git", ".venv", "var", "node_modules", "__pycache__", ".mypy_cache",
             ".ruff_cache", ".pytest_cache", ".hypothesis", "test-artifacts"}

SIBLING = re.compile(r"\.\./shared\b")
PARENTS = re.compile(r"parents\[(\d+)\]")
PARENT_CHAIN = re.compile(r"__file__\)?(?:\.resolve\(\))?((?:\.parent\b)+)")
CLIMB = re.compile(r"(?<![\w.])((?:\.\./)+)")
ROOTS = ("work/", r"home/\w", r"Users/\w", "root/", r"mnt/\w")
MACHINE = re.compile(r"(?<![\w.~-])(?:" + "|".join("/" + r for r in ROOTS) + r"|[A-Z]:\\Users)")


def outside_paths(relative: str, text: str) -> list[str]:
    """Every place in `text` (the file at `relative`, '/'-separated) that names a path outside
    the repository, as 'line N: why'."""
    depth = len(PurePosixPath(relative).parts) - 1  # folders between the root and the file
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        reasons = []
        if SIBLING.search(line):
            reasons.append("names the shared folder beside the repository")
        for match in PARENTS.finditer(line):
            if "__file__" in line and int(match.group(1)) > depth:
                reasons.append(f"parents[{match.group(1)}] climbs out of the repository")
        for match in PARENT_CHAIN.finditer(line):
            if match.group(1).count(".parent") > depth + 1:
                reasons.append("a .parent chain climbs out of the repository")
        for match in CLIMB.finditer(line):
            if match.group(1).count("../") > depth:
                reasons.append(f"{match.group(1)!r} climbs out of the repository")
        if MACHINE.search(line):
            reasons.append("names a directory of one machine")
        found += [f"line {number}: {why}" for why in reasons]
    return found


def tracked_files() -> list[str]:
    try:
        listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                                cwd=ROOT, capture_output=True, text=True, check=True).stdout
        return [name for name in listed.splitlines() if (ROOT / name).is_file()]
    except (OSError, subprocess.CalledProcessError):  # an export without git: walk the tree
        return [str(p.relative_to(ROOT).as_posix()) for p in ROOT.rglob("*")
                if p.is_file() and not SKIP_DIRS & set(p.relative_to(ROOT).parts)]


def test_no_file_names_a_path_outside_the_repository() -> None:
    offences = []
    for name in tracked_files():
        if name.startswith(DATA):
            continue
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary
        offences += [f"{name} {where}" for where in outside_paths(name, text)]
    assert not offences, "paths outside the repository:\n" + "\n".join(offences)


def test_the_check_finds_each_kind_of_outside_path() -> None:
    """The check above would fail on each of these, and passes what stays inside."""
    up = ".."
    bad = {
        "tests/conformance_files.py": f'CONFORMANCE = ROOT / "{up}/shared" / "conformance"',
        "emulators/qbo/tests/helpers.py": "ROOT = Path(__file__).resolve().parents[" + '4] / "x"',
        "tests/a.py": "ROOT = Path(__file__).parent.parent.parent",
        "Makefile": f"DATA := {up}/{up}/data",
        "docs/sandbox.md": "Every body conforms to `" + "/work" + "/shared/openapi.json`",
        "src/x.py": 'DATA = "' + "/home" + '/alice/firm.json"',
    }
    for name, line in bad.items():
        assert outside_paths(name, line), (name, line)
    good = {
        "tests/unit/test_x.py": 'ROOT = Path(__file__).resolve().parents[2] / "tests"',
        "tests/a.py": "ROOT = Path(__file__).parent.parent",
        "docs/production.md": "see [the README](../README.md); data in var/; /usr/bin/chromium",
        "scripts/services.sh": 'run=${TMPDIR:-/tmp}/lawbooks-services',
    }
    for name, line in good.items():
        assert not outside_paths(name, line), (name, line)


def test_the_conformance_data_is_in_the_repository() -> None:
    from conformance_files import CONFORMANCE

    assert CONFORMANCE.is_relative_to(ROOT)
    assert list((CONFORMANCE / "qbo" / "cassettes").rglob("*.yml"))
    emulators = [ROOT / "emulators" / "qbo" / "tests" / "conformance",
                 ROOT / "emulators" / "clio" / "tests" / "conformance"]
    assert (emulators[0] / "xsd" / "Finance.xsd").is_file()
    assert (emulators[1] / "openapi.json").is_file()
    for folder in [CONFORMANCE, *emulators]:  # the provenance goes wherever the data goes
        assert (folder / "NOTICE").is_file() and (folder / "README.md").is_file()
