"""tests/README.md maps every case of RELIABILITY.md to tests that exist: this fails when a
case has none, or when a named test is missing."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TABLE = REPO / "tests" / "README.md"
# The project's list of cases, beside the repository when it is checked out with it.
RELIABILITY = REPO.parent / "shared" / "RELIABILITY.md"
KNOWN_CASES = 26  # the cases of RELIABILITY.md when the table was written
ROW = re.compile(r"^\| (\d+) \| [^|]+ \|(.*)\|\s*$")
TEST = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def _table() -> dict[int, list[tuple[str, str]]]:
    rows: dict[int, list[tuple[str, str]]] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        found = ROW.match(line)
        if found:
            rows[int(found.group(1))] = TEST.findall(found.group(2))
    return rows


def _cases() -> set[int]:
    if RELIABILITY.is_file():
        text = RELIABILITY.read_text(encoding="utf-8")
        return {int(n) for n in re.findall(r"^(\d+)\. ", text, flags=re.M)}
    return set(range(1, KNOWN_CASES + 1))


def test_every_reliability_case_has_a_test():
    table = _table()
    missing = sorted(c for c in _cases() if not table.get(c))
    assert not missing, f"RELIABILITY cases without a test in tests/README.md: {missing}"


def test_every_test_the_table_names_exists():
    absent = []
    for case, tests in _table().items():
        for path, name in tests:
            source = REPO / path
            if not source.is_file() or not re.search(
                    rf"^def {name}\(", source.read_text(encoding="utf-8"), flags=re.M):
                absent.append(f"case {case}: {path}::{name}")
    assert not absent, "tests named in tests/README.md that do not exist:\n" + "\n".join(absent)
