"""Every output is atomic as a whole (RELIABILITY #10, #11, #23): a CSV export writes both
files or neither, a read-only target is refused, partial files of killed runs are
cleared, a full disk is one clear line, and long CSV text is cut like the workbook's."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.cli import run
from viewer.domain.model import Filter
from viewer.io.export.outputs import ExportPlan, write_outputs
from viewer.io.export.safe import PARTIAL_SUFFIX, ExportError, clear_stale_partials


def _plan(out: Path, store) -> ExportPlan:
    from viewer.io.export.workbook import resolve_window

    return ExportPlan.for_file(out, resolve_window(store, None), Filter(), "Briefing")


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.parametrize("name", ["brief.xlsx", "brief.csv", "brief-trade.csv"])
def test_a_read_only_target_is_refused_and_left_as_it_was(sample_store_path, tmp_path,
                                                           capsys, name):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / name
    target.write_text("the officer's own file\n")
    target.chmod(0o444)
    out = tmp_path / name.replace("-trade", "")
    code = run(["export", str(out), "--db", str(sample_store_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err == f"viewer: error: {target}: is read-only; choose another name or make it " \
                  "writable\n"
    assert target.read_text() == "the officer's own file\n"
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_csv_export_writes_both_files_or_neither(sample_store, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    events, trade = tmp_path / "brief.csv", tmp_path / "brief-trade.csv"
    events.write_text("old events\n")
    trade.write_text("old trade\n")

    def progress(done: int, total: int, stage: str) -> None:
        # Another program protects the trade file while the events are being written.
        trade.chmod(0o444)

    with pytest.raises(ExportError) as failed:
        write_outputs(sample_store, _plan(events, sample_store), progress=progress)
    assert str(trade) in str(failed.value) and "read-only" in str(failed.value)
    assert events.read_text() == "old events\n" and trade.read_text() == "old trade\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief-trade.csv", "brief.csv"]
    trade.chmod(0o644)
    outcome = write_outputs(sample_store, _plan(events, sample_store))
    assert outcome.summary and events.read_text() != "old events\n"
    assert trade.read_text() != "old trade\n"


def test_partials_of_killed_runs_are_cleared_and_a_live_one_is_left(sample_store_path,
                                                                   tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    dead = _dead_pid()
    stale = [tmp_path / f".brief.xlsx.{dead}-staging{PARTIAL_SUFFIX}",
             tmp_path / f".other.csv.{dead}-abc123{PARTIAL_SUFFIX}"]
    for p in stale:
        p.write_bytes(b"x" * 1000)
    parts = tmp_path / f"..brief.xlsx.{dead}-staging{PARTIAL_SUFFIX}.{dead}-parts{PARTIAL_SUFFIX}"
    parts.mkdir()
    (parts / "tmp1234").write_bytes(b"rows")
    live = tmp_path / f".brief.xlsx.{os.getppid()}-staging{PARTIAL_SUFFIX}"
    live.write_bytes(b"another export under way")
    assert run(["export", str(tmp_path / "brief.xlsx"), "--db", str(sample_store_path)]) == 0
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(["brief.xlsx", live.name])
    assert clear_stale_partials(tmp_path) == []


def test_csv_text_over_a_cell_is_cut_with_the_marker_and_a_warning(make_store, make_event,
                                                                    tmp_path, capsys):
    store = make_store([make_event(1, title="Long one", summary="ب" * 40_000),
                        make_event(2, title="Short one")])
    out = tmp_path / "brief.csv"
    outcome = write_outputs(store, _plan(out, store))
    [warning] = outcome.warnings
    assert "Long one" in warning and "summary" in warning and "40,000" in warning
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = {r["title"]: r for r in csv.DictReader(fh)}
    summary = rows["Long one"]["summary"]
    assert len(summary) <= 32_767 and "truncated" in summary
    assert summary.startswith("ب" * 1000)


def _tmpfs(tmp_path: Path, size: str) -> Path:
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs (a full disk)")
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    return mount


@pytest.mark.parametrize("name", ["brief.xlsx", "brief.csv"])
def test_a_full_disk_is_one_line_and_the_old_file_stays(sample_store_path, tmp_path, name):
    mount = _tmpfs(tmp_path, "96k")
    try:
        target = mount / name
        target.write_bytes(b"the old briefing")
        filler = mount / "filler"
        with filler.open("wb") as fh:  # leave a few KB: less than any export needs
            try:
                fh.write(b"\0" * (200 * 1024))
            except OSError:
                pass
        free = os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize
        filler.write_bytes(b"\0" * max(0, filler.stat().st_size - 8192 + free))
        done = subprocess.run([sys.executable, "-m", "viewer", "export", str(target),
                               "--db", str(sample_store_path)], capture_output=True, text=True)
        assert done.returncode == 1
        assert done.stderr == f"viewer: error: {target}: disk full\n", done.stderr
        assert target.read_bytes() == b"the old briefing"
        assert sorted(p.name for p in mount.iterdir()) == sorted([name, "filler"])
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_the_cell_limit_counts_as_excel_does_so_the_marker_survives(make_store, make_event,
                                                                     tmp_path):
    # Characters beyond U+FFFF count twice toward Excel's 32,767; the marker must not be
    # cut off by the workbook writer.
    from openpyxl import load_workbook

    from viewer.io.export.workbook import write_workbook

    title = "𐀀" * 10 + "ب" * 32_800
    store = make_store([make_event(1, title=title)])
    out = tmp_path / "brief.xlsx"
    result = write_workbook(store, out, None)
    cell = load_workbook(out, read_only=True)["Events"]["E2"].value
    assert cell.endswith("more characters]")
    assert len(cell.encode("utf-16-le")) // 2 <= 32_767
    assert any("truncated" in w for w in result.warnings)
