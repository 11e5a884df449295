"""lawbooks' own wheel leaves the emulators out (they are distributions of their own, in
emulators/), asks for them only in its `demo` extra, and without them installed the commands
that start them say what to install instead of failing with a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSTALL = "pip install 'lawbooks[demo]'"
# lawbooks' CLI in a process where neither emulator can be imported, as after
# `pip install lawbooks` alone.
WITHOUT_EMULATORS = ("import sys; sys.modules['qbo_sandbox'] = sys.modules['clio_sandbox'] = None; "
                     "sys.argv[0] = 'lawbooks'; from lawbooks.cli.main import app; app()")


def lawbooks_without_emulators(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", WITHOUT_EMULATORS, *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"})


def source_copy(into: Path) -> Path:
    """What the wheel is built from, copied: setuptools' build/ in the repository would keep
    files since deleted from src/ (the old src/lawbooks/sandbox) and put them in the wheel.
    The emulators' sources come along, so a packages.find that reached them would show."""
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", "tests")
    shutil.copytree(ROOT / "src", into / "src", ignore=skip)
    shutil.copytree(ROOT / "emulators", into / "emulators", ignore=skip)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, into / name)
    return into


def test_the_wheel_holds_lawbooks_only_and_wants_the_emulators_for_the_demo(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "--disable-pip-version-check", "-w", str(tmp_path),
                    str(source_copy(tmp_path / "source"))],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("lawbooks-0.1.0-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(info).decode())
    assert {name.split("/")[0] for name in names} == {"lawbooks", info.split("/")[0]}
    assert not [name for name in names if "sandbox" in name.split("/")[1]], names
    assert "lawbooks/demo.py" in names and "lawbooks/web/templates/base.html" in names
    demo = [r for r in metadata.get_all("Requires-Dist") or [] if "sandbox" in r]
    assert sorted(r.split(";")[0].strip() for r in demo) == ["clio-sandbox>=0.1",
                                                             "qbo-sandbox>=0.1"]
    assert all('extra == "demo"' in r for r in demo), demo


def test_demo_without_the_emulators_says_what_to_install(tmp_path):
    result = lawbooks_without_emulators("demo", "--data-dir", str(tmp_path / "demo"),
                                        cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert INSTALL in result.stdout and "emulators/qbo" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "demo").exists()  # nothing was started or written


def test_serve_with_sandboxes_without_the_emulators_says_what_to_install(tmp_path):
    result = lawbooks_without_emulators("serve", "--sandboxes", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert INSTALL in result.stdout and "Traceback" not in result.stderr


def test_the_old_sandbox_command_points_at_the_emulators_commands(tmp_path):
    result = subprocess.run([str(Path(sys.executable).with_name("lawbooks")), "sandbox", "qbo",
                             "--port", "8702"], capture_output=True, text=True, timeout=60,
                            cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"})
    assert result.returncode == 2, result.stdout + result.stderr
    assert "qbo-sandbox serve" in result.stdout and "clio-sandbox serve" in result.stdout
