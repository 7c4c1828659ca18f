"""What the install tests share: running `make` targets and running a program as a new user.

A new user has none of the developer's environment: no .venv on PATH, no PYTHONPATH,
a fresh home folder, and a working folder outside the source tree.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make(target: str, **variables: str | Path) -> None:
    """Run a Makefile target of this checkout; fail the test with its output if it fails."""
    args = ["make", "--no-print-directory", "-C", str(ROOT), target]
    args += [f"{k}={v}" for k, v in variables.items()]
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=900)
    assert done.returncode == 0, f"make {target} failed:\n{done.stdout}\n{done.stderr}"


def as_new_user(program: Path | str, *args: str, home: Path, cwd: Path,
                offscreen: bool = False) -> subprocess.CompletedProcess[str]:
    """Run a program with a bare environment, as an officer who just installed it."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    if offscreen:
        env["QT_QPA_PLATFORM"] = "offscreen"
    for name in ("TMPDIR",):
        if name in os.environ:
            env[name] = os.environ[name]
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.run([str(program), *args], env=env, cwd=cwd, capture_output=True,
                          text=True, check=False, timeout=300)
