"""Help ▸ User guide and Keyboard shortcuts; F1, Ctrl+F, and Ctrl+E from the search box."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from tests.app.conftest import open_window
from viewer.app.main_window import MainWindow
from viewer.app.models.shortcuts_table import COL_KEYS, COL_WHAT, COL_WHERE


@pytest.fixture
def window(qtbot, sample_store_path, tmp_path: Path) -> Iterator[MainWindow]:
    yield from open_window(qtbot, tmp_path, str(sample_store_path), (1400, 900), active=True)


def native(key) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def press(qtbot, widget, sequence: str) -> None:
    combo = QKeySequence(sequence)[0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


def test_f1_opens_the_bundled_user_guide(qtbot, window) -> None:
    press(qtbot, window.timeline_pane.plot_widget, native(QKeySequence.StandardKey.HelpContents))
    guide = window.help.guide
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    assert "Desk Viewer – User guide" in text
    for section in ("Timeline", "Trade chart", "Importing files", "Exporting a briefing"):
        assert section in text
    assert guide.browser.source().isLocalFile()  # offline: a file shipped with the app
    guide.show_section("import")
    assert guide.width() <= QApplication.primaryScreen().availableGeometry().width()


def test_the_shortcut_list_is_read_from_the_window(qtbot, window) -> None:
    window.help.shortcuts_action.trigger()
    dialog = window.help.shortcuts
    model = dialog.model
    rows = {(model.index(r, COL_KEYS).data(), model.index(r, COL_WHAT).data(),
             model.index(r, COL_WHERE).data()) for r in range(model.rowCount())}
    assert (native("Ctrl+E"), "Export", "File") in rows
    assert (native(QKeySequence.StandardKey.Find), "Search events", "View") in rows
    assert (native(QKeySequence.StandardKey.HelpContents), "User guide", "Help") in rows
    assert any(where == "View ▸ Saved views" for _k, _w, where in rows)
    assert (native("Ctrl+1"), "Recall saved view 1", "Window") in rows
    assert all(what for _k, what, _w in rows)  # every shortcut says what it does
    assert any(where == "Timeline" and "today" in what for _k, what, where in rows)
    # Standard keys where the platform has them.
    assert window.open_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert window.reload_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Refresh)


def test_ctrl_f_goes_to_the_search_box(qtbot, window) -> None:
    filters = window.table_panes["filters"]
    filters.search.setText("torkham")
    window.docks["filters"].hide()
    window.timeline_pane.plot_widget.setFocus()
    press(qtbot, window.timeline_pane.plot_widget, native(QKeySequence.StandardKey.Find))
    assert window.docks["filters"].isVisible()
    assert filters.search.hasFocus()
    assert filters.search.selectedText() == "torkham"


CTRL_E_IN_SEARCH = """
import sys
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtCore import Qt
from viewer.app.application import make_application
from viewer.app.main_window import MainWindow
from viewer.app.settings import Settings
from viewer.store.service import StoreService
app = make_application()
# The X11 key scheme: there a line edit takes Ctrl+E for "end of line".
assert "Ctrl+E" in [k.toString() for k in QKeySequence.keyBindings(
    QKeySequence.StandardKey.MoveToEndOfLine)]
win = MainWindow(StoreService.open(sys.argv[1]),
                 Settings(QSettings(sys.argv[2], QSettings.Format.IniFormat)))
win.show()
win.activateWindow()  # no window manager under Xvfb to do it
assert QTest.qWaitForWindowActive(win)
opened = []
win.export_action.triggered.disconnect()
win.export_action.triggered.connect(lambda: opened.append(True))
search = win.table_panes["filters"].search
search.setFocus()
search.setText("kabul")
search.setCursorPosition(0)
QTest.keyClick(search, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
print(opened, search.cursorPosition(), flush=True)
win.close()  # stops the panes' background loads before the interpreter tears Qt down
QTest.qWait(200)
del win
"""


def test_ctrl_e_exports_from_the_search_box_on_x11(tmp_path, sample_store_path) -> None:
    """On X11 a line edit claims Ctrl+E (end of line); the offscreen platform does not,
    so this runs in a real X server when there is one to start."""
    import shutil
    import subprocess
    import sys

    if shutil.which("Xvfb") is None:
        pytest.skip("no Xvfb to run an X11 window in")
    display = next(n for n in range(140, 200) if not Path(f"/tmp/.X{n}-lock").exists())
    server = subprocess.Popen(["Xvfb", f":{display}", "-screen", "0", "1280x900x24",
                               "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
    try:
        script = tmp_path / "ctrl_e.py"
        script.write_text(CTRL_E_IN_SEARCH)
        import os

        env = dict(os.environ, DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb",
                   DESK_VIEWER_HOME=str(tmp_path))
        for _ in range(50):
            if Path(f"/tmp/.X11-unix/X{display}").exists():
                break
            subprocess.run(["sleep", "0.1"])
        done = subprocess.run([sys.executable, str(script), str(sample_store_path),
                               str(tmp_path / "s.ini")], env=env, capture_output=True,
                              text=True, timeout=60, cwd=Path(__file__).parents[2])
    finally:
        server.terminate()
        server.wait()
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[True] 0"


def test_ctrl_e_exports_while_the_search_box_has_focus(qtbot, window) -> None:
    opened = []
    window.export_action.triggered.disconnect()
    window.export_action.triggered.connect(lambda: opened.append(True))
    search = window.table_panes["filters"].search
    search.setFocus()
    search.setText("kabul")
    search.setCursorPosition(0)
    press(qtbot, search, "Ctrl+E")
    assert opened == [True]
    assert search.cursorPosition() == 0  # not taken as "end of line"
    # Editing keys stay the field's own.
    search.selectAll()
    press(qtbot, search, native(QKeySequence.StandardKey.Copy))
    assert QApplication.clipboard().text() == "kabul"


def test_keys_of_editing_stay_with_the_date_field(qtbot, window) -> None:
    field = window.table_panes["filters"].start_edit.edit
    field.setFocus()
    field.setText("2023-10-01")
    press(qtbot, field, native(QKeySequence.StandardKey.SelectAll))
    assert field.selectedText() == "2023-10-01"
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert field.text() == ""
