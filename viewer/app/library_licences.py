"""The libraries this installation carries, each with its version, licence and licence texts.

Read from the installed distributions' metadata, so the list is true of the wheel's venv
and of the desktop bundle alike (the bundle keeps each distribution's metadata). Qt-free:
the About dialog shows it.
"""

from __future__ import annotations

import platform
import re
import sysconfig
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from viewer.paths import resource_path

APP_DISTRIBUTION = "desk-viewer"
# Extras of the app that add libraries used at run time (not the dev tools).
RUNTIME_EXTRAS = frozenset({"postgres"})
# Qt and PySide6 ship no licence file in their wheels; the LGPL (which builds on the GPL)
# is the licence under which the app uses them.
LGPL_TEXTS = ("LGPL-3.0.txt", "GPL-3.0.txt")
TEXTLESS = {"pyside6-essentials": LGPL_TEXTS, "shiboken6": LGPL_TEXTS}

_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
_EXTRA_MARKER = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")
_LICENCE_FILE = re.compile(r"(?i)^(licen[cs]e|copying|notice)")


@dataclass(frozen=True)
class Library:
    """One library: name, version, licence (an SPDX expression where it gives one), texts."""

    name: str
    version: str
    licence: str
    texts: tuple[tuple[str, str], ...] = ()


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def app_libraries() -> list[Library]:
    """Python and every installed distribution the app depends on, the app itself first."""
    libraries = [_python()]
    for dist in _dependency_closure(APP_DISTRIBUTION):
        libraries.append(_library(dist))
    return libraries


def shipped_licence(*names: str) -> tuple[tuple[str, str], ...]:
    """Licence texts kept in resources/licences (those no wheel carries)."""
    return tuple((name, resource_path("licences", name).read_text(encoding="utf-8"))
                 for name in names if resource_path("licences", name).is_file())


def _python() -> Library:
    texts = shipped_licence("Python.txt")  # what the bundle carries
    if not texts:
        stdlib_licence = Path(sysconfig.get_path("stdlib")) / "LICENSE.txt"
        if stdlib_licence.is_file():
            texts = (("LICENSE.txt", stdlib_licence.read_text(encoding="utf-8")),)
    return Library("Python", platform.python_version(), "PSF-2.0", texts)


def _dependency_closure(root: str) -> list[metadata.Distribution]:
    """The installed distributions `root` needs at run time, `root` first, each once."""
    found: dict[str, metadata.Distribution] = {}
    pending: list[tuple[str, frozenset[str]]] = [(root, RUNTIME_EXTRAS)]
    while pending:
        name, extras = pending.pop(0)
        dist = _installed(name)
        if dist is None:
            continue  # an optional dependency this installation does not have
        key = normalise(dist.metadata["Name"])
        if key in found and not extras:
            continue
        found.setdefault(key, dist)
        for requirement in dist.requires or []:
            match = _NAME.match(requirement)
            if not match:
                continue
            _, _, marker = requirement.partition(";")
            needs_extra = _EXTRA_MARKER.search(marker)
            if needs_extra and needs_extra.group(1) not in extras:
                continue
            wanted = frozenset(e.strip() for e in (match.group(2) or "").split(",") if e.strip())
            if normalise(match.group(1)) not in found or wanted:
                pending.append((match.group(1), wanted))
    return list(found.values())


def _installed(name: str) -> metadata.Distribution | None:
    """The installed copy of a distribution (it has a RECORD), before a source tree's
    egg-info that happens to be on sys.path."""
    candidates = list(metadata.distributions(name=name))
    installed = [d for d in candidates if d.read_text("RECORD") is not None]
    return (installed or candidates or [None])[0]


def _library(dist: metadata.Distribution) -> Library:
    meta = dist.metadata
    name = meta["Name"]
    texts = _licence_texts(dist) or shipped_licence(*TEXTLESS.get(normalise(name), ()))
    return Library(name, dist.version, licence_name(meta), texts)


def licence_name(meta) -> str:  # noqa: ANN001 - an email.message.Message-like mapping
    """The short licence: License-Expression, else a one-line License, else classifiers."""
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    licence = (meta.get("License") or "").strip()
    if licence and "\n" not in licence and len(licence) <= 80:
        return licence
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License :: ")]
    return ", ".join(classifiers) or "see the licence text"


def _licence_texts(dist: metadata.Distribution) -> tuple[tuple[str, str], ...]:
    names = list(dict.fromkeys(meta_file for meta_file in dist.metadata.get_all("License-File")
                               or []))
    if not names:  # older metadata: licence files sit in the .dist-info folder itself
        names = [Path(str(f)).name for f in dist.files or []
                 if ".dist-info" in str(f) and _LICENCE_FILE.match(Path(str(f)).name)]
    texts = []
    for name in names:
        text = dist.read_text(f"licenses/{name}") or dist.read_text(name)
        if text:
            texts.append((name, text))
    return tuple(texts)
