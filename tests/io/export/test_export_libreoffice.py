"""The workbook opens cleanly in LibreOffice: converted headless to PDF and read back."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from viewer.domain.model import TimeWindow
from viewer.io.export.workbook import write_workbook

OFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_workbook_to_pdf(tmp_path, sample_store):
    out = tmp_path / "brief.xlsx"
    write_workbook(sample_store, out, TimeWindow(dt.date(2023, 1, 1), dt.date(2025, 12, 31)))
    # A private profile: other LibreOffice instances on the machine must not interfere.
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run([OFFICE, f"-env:UserInstallation={profile}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                          capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "brief.pdf"
    assert pdf.exists(), done.stdout + done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        for expected in ("Briefing workbook", "Start date", "FY 2023-24", "Outlet"):
            assert expected in text
