"""The import dialog on a store locked by another process (RELIABILITY #15): it offers
Retry, keeps every file pending, and Retry imports them once the lock is gone."""

from __future__ import annotations

import csv

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from tests.helpers import LockHolder
from viewer.app.import_dialog import ImportDialog
from viewer.store.service import StoreService


def _acled(path, n: int):
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1",
                    "iso", "location", "notes", "fatalities"])
        for i in range(n):
            w.writerow([f"PAK{i}", "2024-02-01", "Protests", "Peaceful protest",
                        "Protesters (Pakistan)", "586", "Peshawar", f"Invented row {i}", "0"])
    return path


def test_a_locked_store_offers_retry_and_keeps_the_files(qtbot, tmp_path, monkeypatch):
    # The rollback journal: the other writer's exclusive lock stops the job's open.
    monkeypatch.setenv("DESK_VIEWER_JOURNAL", "delete")
    store = StoreService.open(tmp_path / "store.sqlite", create=True)
    try:
        files = [_acled(tmp_path / "a.csv", 3), _acled(tmp_path / "b.csv", 2)]
        files[1].write_text(files[1].read_text().replace("PAK", "AFG"))
        dialog = ImportDialog(store, files)
        qtbot.addWidget(dialog)
        with LockHolder(store.store.sqlite_path) as holder:
            with qtbot.waitSignal(dialog.imported, timeout=60_000) as blocker:
                dialog.import_button.click()
            reports = blocker.args[0]
            assert [r.store_failed for r in reports] == [True, True]
            assert all(f"locked by process {holder.pid}" in r.refused for r in reports)
            box = dialog.retry_box
            assert box is not None and box.isVisible()
            assert dialog.pending == files
            assert dialog.import_button.text() == "Import again"
        with qtbot.waitSignal(dialog.imported, timeout=60_000) as blocker:
            box.button(QMessageBox.StandardButton.Retry).click()
        assert [r.added for r in blocker.args[0]] == [3, 2]
        assert dialog.pending == []
        with store.store.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM event")) == 5
    finally:
        store.close()
