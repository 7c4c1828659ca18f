"""The set-up's checks: the Python version first, and the one line an administrator runs."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.install_helpers import ROOT

FIND_PYTHON = ROOT / ".ci" / "find-python"
OLD_PYTHON = Path("/root/.pyenv/versions/3.10.13/bin/python3.10")


def load_system_packages():
    spec = importlib.util.spec_from_file_location("system_packages",
                                                  ROOT / ".ci" / "system_packages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def machine_with(tmp_path: Path, python: Path) -> dict[str, str]:
    """A PATH on which `python3` is the given interpreter and nothing else is Python."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "sed", "env", "dirname", "id", "sha256sum", "cut"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    (bin_dir / "python3").symlink_to(python)
    return {"PATH": str(bin_dir), "HOME": str(tmp_path)}


def test_find_python_takes_this_python() -> None:
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "PYTHON": sys.executable}
    done = subprocess.run(["bash", str(FIND_PYTHON)], env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0
    assert done.stdout.strip() == sys.executable


@pytest.mark.skipif(not OLD_PYTHON.exists(), reason=f"no Python 3.10 at {OLD_PYTHON}")
def test_python_310_is_refused_before_anything_is_built(tmp_path: Path) -> None:
    env = machine_with(tmp_path, OLD_PYTHON)
    done = subprocess.run([str(tmp_path / "bin" / "bash"), str(FIND_PYTHON)], env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stdout == ""
    first = done.stderr.splitlines()[0]
    assert first == "setup: Desk Viewer needs Python 3.11 or newer; python3 is Python 3.10.13."
    assert "make run PYTHON=" in done.stderr

    # The whole set-up stops there too: no .venv is made in a copy of the project.
    project = tmp_path / "project"
    (project / ".ci").mkdir(parents=True)
    for name in ("setup", "find-python", "system_packages.py"):
        shutil.copy(ROOT / ".ci" / name, project / ".ci" / name)
    shutil.copy(ROOT / "pyproject.toml", project)
    setup = subprocess.run([str(tmp_path / "bin" / "bash"), str(project / ".ci" / "setup")],
                           env=env, capture_output=True, text=True, check=False)
    assert setup.returncode == 1
    assert setup.stderr.splitlines()[0] == first
    assert sorted(p.name for p in project.iterdir()) == [".ci", "pyproject.toml"]


def test_install_line_per_package_manager() -> None:
    sp = load_system_packages()
    apt = sp.wanted("apt")
    assert apt[0] == "libegl1" and "libxcb-cursor0" in apt and len(apt) == len(set(apt))
    assert sp.install_line("apt", []) == ""
    assert sp.install_line("apt", ["libxcb-cursor0", "fonts-noto-core"]) == (
        "apt-get install -y --no-install-recommends libxcb-cursor0 fonts-noto-core")
    dnf = sp.wanted("dnf")
    assert "xcb-util-cursor" in dnf and dnf.count("libxcb") == 1
    assert sp.install_line("dnf", ["xcb-util-cursor"]) == "dnf install -y xcb-util-cursor"


@pytest.mark.skipif(shutil.which("dpkg-query") is None or not Path("/usr/bin/python3").exists(),
                    reason="not a Debian machine with its python3")
def test_this_machine_lacks_nothing_and_a_non_root_officer_can_check() -> None:
    sp = load_system_packages()
    names = sp.wanted("apt")
    assert sp.installed("apt", [*names, "no-such-package-xyz"]) == set(names)
    # The system's own python3, as an officer without root or sudo would run it, on a
    # copy of the script that such a user can read wherever the checkout is.
    shared = Path(tempfile.mkdtemp(prefix="desk-viewer-setup-"))
    try:
        shared.chmod(0o755)
        script = shared / "system_packages.py"
        shutil.copy(ROOT / ".ci" / "system_packages.py", script)
        script.chmod(0o644)
        args = ["/usr/bin/python3", str(script)]
        if os.getuid() == 0:
            args = ["runuser", "-u", "nobody", "--", *args]
        done = subprocess.run(args, capture_output=True, text=True, check=False, cwd=shared)
    finally:
        shutil.rmtree(shared)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
