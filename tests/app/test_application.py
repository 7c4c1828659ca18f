"""Starting the GUI on a bad store: a dialog naming the file, exit 1, the file untouched."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from viewer.app.application import run_gui


@pytest.mark.parametrize("case", ["text", "missing-folder", "truncated"])
def test_bad_store_shows_a_dialog_and_returns_1(case, tmp_path: Path, sample_store_path: Path,
                                                monkeypatch, qtbot, capsys) -> None:
    if case == "text":
        target = tmp_path / "notes.sqlite"
        target.write_text("meeting notes\n" * 40)
    elif case == "missing-folder":
        target = tmp_path / "gone" / "store.sqlite"
    else:
        target = tmp_path / "cut.sqlite"
        target.write_bytes(sample_store_path.read_bytes()[:20_000])
    before = target.read_bytes() if target.exists() else None
    shown: list[str] = []
    # The real dialog is modal; record what it would say instead of blocking.
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setenv("DESK_VIEWER_HOME", str(tmp_path / "home"))
    assert run_gui(str(target)) == 1
    assert len(shown) == 1 and target.name in shown[0]
    assert target.name in capsys.readouterr().err
    assert (target.read_bytes() if target.exists() else None) == before
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "baseFilename", "").startswith(str(tmp_path)):
            logging.getLogger().removeHandler(handler)
            handler.close()
    assert (tmp_path / "home" / "desk-viewer.log").exists()
