"""The system packages Qt's wheels need, by the names of the machine's package manager.

`python3 .ci/system_packages.py` prints the one command that installs what is missing
(`apt-get install -y …` or `dnf install -y …`), or nothing when all is there. Standard
library only: it runs before the .venv exists.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

# Libraries the Qt wheels load (offscreen and xcb platforms), then fonts that cover Latin
# and Arabic script (Urdu, Pashto, Dari names): Debian/Ubuntu name -> Fedora/RHEL names.
PACKAGES: dict[str, tuple[str, ...]] = {
    "libegl1": ("libglvnd-egl",),
    "libgl1": ("libglvnd-glx",),
    "libopengl0": ("libglvnd-opengl",),
    "libxkbcommon0": ("libxkbcommon",),
    "libxkbcommon-x11-0": ("libxkbcommon-x11",),
    "libfontconfig1": ("fontconfig",),
    "libfreetype6": ("freetype",),
    "libglib2.0-0": ("glib2",),
    "libdbus-1-3": ("dbus-libs",),
    "libxcb-cursor0": ("xcb-util-cursor",),
    "libxcb-icccm4": ("xcb-util-wm",),
    "libxcb-image0": ("xcb-util-image",),
    "libxcb-keysyms1": ("xcb-util-keysyms",),
    "libxcb-randr0": ("libxcb",),
    "libxcb-render-util0": ("xcb-util-renderutil",),
    "libxcb-shape0": ("libxcb",),
    "libxcb-xinerama0": ("libxcb",),
    "libxcb-xkb1": ("libxcb",),
    "libxrender1": ("libXrender",),
    "fonts-dejavu-core": ("dejavu-sans-fonts",),
    "fonts-noto-core": ("google-noto-sans-arabic-fonts", "google-noto-naskh-arabic-fonts"),
}


def wanted(manager: str) -> list[str]:
    """Every package Qt needs, in the manager's names, each once, in a stable order."""
    names = PACKAGES if manager == "apt" else [n for fed in PACKAGES.values() for n in fed]
    return list(dict.fromkeys(names))


def install_line(manager: str, missing: list[str]) -> str:
    """The one command an administrator runs; empty when nothing is missing."""
    if not missing:
        return ""
    if manager == "apt":
        return "apt-get install -y --no-install-recommends " + " ".join(missing)
    return "dnf install -y " + " ".join(missing)


def package_manager() -> str | None:
    if shutil.which("dpkg-query") and shutil.which("apt-get"):
        return "apt"
    if shutil.which("rpm") and shutil.which("dnf"):
        return "dnf"
    return None


def installed(manager: str, names: list[str]) -> set[str]:
    """Which of `names` the package database says are installed."""
    if manager == "apt":
        done = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Status}\\n", *names],
                              capture_output=True, text=True, check=False)
        return {line.split(" ", 1)[0].split(":")[0] for line in done.stdout.splitlines()
                if line.endswith(" ok installed")}
    done = subprocess.run(["rpm", "-q", "--qf", "%{NAME}\\n", *names],
                          capture_output=True, text=True, check=False)
    return {line.strip() for line in done.stdout.splitlines()} & set(names)


def main() -> int:
    manager = package_manager()
    if manager is None:
        return 0  # neither apt nor dnf: the README's list is the guide
    names = wanted(manager)
    have = installed(manager, names)
    line = install_line(manager, [n for n in names if n not in have])
    if line:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
