"""Layering: store, io and domain import no Qt (STYLE habit 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "viewer"


def test_lower_layers_load_no_qt() -> None:
    code = ("import sys, pkgutil, importlib, viewer.store, viewer.io, viewer.domain\n"
            "for pkg in (viewer.store, viewer.io, viewer.domain):\n"
            "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
            "        if '.migrations' not in m.name: importlib.import_module(m.name)\n"
            "import viewer.cli\n"
            "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph')))\n"
            "print(','.join(bad))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == ""


def test_no_qt_import_lines_below_app() -> None:
    offenders = []
    for layer in ("store", "io", "domain"):
        for path in (PACKAGE / layer).rglob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                stripped = line.strip()
                if stripped.startswith(("import PySide6", "from PySide6", "import pyqtgraph",
                                        "from pyqtgraph")):
                    offenders.append(f"{path}: {stripped}")
    assert offenders == []


def _imports() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports, at the top or in a
    function (what `if TYPE_CHECKING:` guards is never run, so it is left out)."""
    import ast

    modules = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(tree):
            if id(node) in guarded:
                continue
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges[name].add(target)
    return edges


def _circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle_anywhere_in_the_package() -> None:
    edges = _imports()
    assert "viewer.cli" in edges["viewer.__main__"]  # the walk sees function-level imports
    assert _circles(edges) == []


def test_a_circle_would_be_found() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_app_never_imports_the_command_line() -> None:
    edges = _imports()
    entry = {"viewer.cli", "viewer.export_command", "viewer.cli_errors", "viewer.__main__"}
    offenders = sorted((m, t) for m, targets in edges.items() if m.startswith("viewer.app")
                       for t in targets & entry)
    assert offenders == []


def test_panes_and_models_reach_the_store_only_through_the_service() -> None:
    edges = _imports()
    offenders = sorted(
        (m, t) for m, targets in edges.items()
        if m.startswith(("viewer.app.panes", "viewer.app.models"))
        for t in targets if t.startswith("viewer.store") and t != "viewer.store.service")
    assert offenders == []
