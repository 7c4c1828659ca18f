"""Cell sanitising, sheet names and atomic writes of the exporters."""

from __future__ import annotations

import errno
import os

import pytest
from openpyxl import Workbook

from viewer.io.export.safe import (
    MAX_CELL_CHARS,
    ExportError,
    atomic_path,
    clean_text,
    csv_cell,
    os_reason,
    sheet_name,
    text_value,
)


def test_clean_text_removes_control_chars_surrogates_and_noncharacters():
    dirty = "a\x00b\x07c\x0bd\x0ce\x1ff\ud800g\udfffh\ufffei\uffffj\tk\nl\rm"
    assert clean_text(dirty) == "abcdefghij\tk\nl\rm"


def test_clean_text_truncates_with_marker_and_warning():
    warnings: list[str] = []
    out = clean_text("x" * 40_000, warnings, "Events!F2")
    assert MAX_CELL_CHARS - 5 <= len(out) <= MAX_CELL_CHARS
    assert "truncated" in out and out.startswith("x" * 1000)
    assert warnings and "Events!F2" in warnings[0] and "40,000" in warnings[0]


def test_text_value_forces_string_for_formula_and_error_text():
    ws = Workbook(write_only=True).create_sheet("S")
    cell = text_value(ws, '=HYPERLINK("http://x","y")')
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert text_value(ws, "#REF!").data_type == "s"
    assert text_value(ws, "+1") == "+1"
    assert text_value(ws, None) is None


@pytest.mark.parametrize("name, expected", [
    ("Events", "Events"),
    ("a/b\\c[d]e:f*g?h", "a_b_c_d_e_f_g_h"),
    ("x" * 40, "x" * 31),
    ("'quoted'", "quoted"),
    ("", "Sheet"),
])
def test_sheet_name_is_legal(name, expected):
    assert sheet_name(name) == expected


def test_sheet_name_is_unique_case_insensitively_and_short():
    taken = {"Events", "x" * 31}
    assert sheet_name("events", taken) == "events (2)"
    long = sheet_name("x" * 40, taken)
    assert len(long) <= 31 and long.endswith(" (2)")
    assert sheet_name("History") != "History"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tfoo", "\rbar", "\nbaz"])
def test_csv_cell_prefixes_formula_triggers(text):
    assert csv_cell(text) == "'" + text


def test_csv_cell_leaves_plain_text_and_numbers():
    assert csv_cell("Torkham") == "Torkham"
    assert csv_cell(12.5) == "12.5"
    assert csv_cell(-71.25) == "-71.25" and csv_cell(-3) == "-3"
    assert csv_cell(None) == ""
    assert csv_cell("a\x00b") == "ab"


def test_atomic_path_replaces_on_success(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with atomic_path(target) as tmp:
        tmp.write_text("new")
        assert target.read_text() == "old"
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_atomic_path_failure_keeps_old_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_atomic_path_refuses_a_folder_target(tmp_path):
    folder = tmp_path / "brief.xlsx"
    folder.mkdir()
    with pytest.raises(ExportError, match="brief.xlsx.*is a folder"):
        with atomic_path(folder):
            pass
    assert folder.is_dir()


def test_atomic_path_refuses_missing_folder(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        with atomic_path(tmp_path / "nope" / "out.xlsx"):
            pass


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_atomic_path_read_only_folder_names_file_and_reason(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="out.txt.*permission denied"):
            with atomic_path(target) as tmp:
                tmp.write_text("new")
    finally:
        tmp_path.chmod(0o755)
    assert target.read_text() == "old"


def test_atomic_path_replace_failure_names_file(tmp_path):
    # The target turns into a folder while the export runs: os.replace fails.
    target = tmp_path / "out.txt"
    with pytest.raises(ExportError, match="out.txt"):
        with atomic_path(target) as tmp:
            tmp.write_text("new")
            target.mkdir()
            (target / "keep").write_text("x")
    assert (target / "keep").read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.parametrize("err, reason", [
    (errno.ENOSPC, "disk full"), (errno.EACCES, "permission denied"),
    (errno.EROFS, "read-only file system"), (errno.ETXTBSY, "file is in use by another program"),
])
def test_os_errors_become_plain_reasons(err, reason):
    assert os_reason(OSError(err, os.strerror(err))) == reason


def test_text_values_matches_text_value_on_clean_and_dirty_rows():
    from openpyxl import Workbook

    from viewer.io.export.safe import text_values

    ws = Workbook(write_only=True).create_sheet("S")
    assert text_values(ws, ["Kabul", "", None, "د افغانستان"]) == [
        "Kabul", None, None, "د افغانستان"]
    dirty = text_values(ws, ["a\x00b", "=1+1", "#N/A", "x" * 40_000], [], "row")
    assert dirty[0] == "ab"
    assert dirty[1].data_type == "s" and dirty[2].data_type == "s"
    assert len(dirty[3]) <= MAX_CELL_CHARS


def test_text_values_forces_strings_only_where_needed_in_clean_rows():
    from openpyxl import Workbook

    from viewer.io.export.safe import text_values

    ws = Workbook(write_only=True).create_sheet("S")
    out = text_values(ws, ["a = b", "=SUM(A1)", "#REF!", "issue #4", "=", "two\nlines"])
    assert out[0] == "a = b" and out[3] == "issue #4" and out[4] == "=" and out[5] == "two\nlines"
    assert out[1].data_type == "s" and out[1].value == "=SUM(A1)"
    assert out[2].data_type == "s" and out[2].value == "#REF!"


def test_error_codes_are_openpyxls_and_the_xlsxwriter_path_does_not_load_it():
    import subprocess
    import sys

    from openpyxl.cell.cell import ERROR_CODES

    from viewer.io.export import safe

    assert safe._ERROR_CODES == frozenset(ERROR_CODES)
    code = ("import sys, viewer.io.export.workbook, viewer.io.export.csv_export; "
            "print('openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
