"""The end of an export: a message naming the files, with a button that opens their folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from viewer.app.links import keep_until_closed

MAX_NAMES = 12  # files named in the message; the folder holds them all


def open_folder(parent: QWidget | None, folder: str | Path) -> bool:
    """Show a folder in the file manager; when none opens, copy its path and say so."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return True
    QGuiApplication.clipboard().setText(str(folder))
    box = QMessageBox(QMessageBox.Icon.Warning, "Cannot open the folder",
                      f"No file manager opened\n{folder}\n\nIts path is on the clipboard: "
                      "paste it into a file manager's address bar (Ctrl+V).",
                      QMessageBox.StandardButton.Ok, parent)
    keep_until_closed(box)
    box.open()
    return False


def show_export_finished(parent: QWidget | None, paths: list, folder: str | Path) -> QMessageBox:
    """Say what was written where; *Open folder* shows it. Does not block the window."""
    names = [Path(p).name for p in paths]
    listed = "\n".join(names[:MAX_NAMES]) + (f"\n… and {len(names) - MAX_NAMES} more"
                                               if len(names) > MAX_NAMES else "")
    box = QMessageBox(QMessageBox.Icon.Information, "Export finished",
                      f"{len(names)} file{'' if len(names) == 1 else 's'} written to "
                      f"{folder}:\n\n{listed}", QMessageBox.StandardButton.Close, parent)
    box.setObjectName("export_finished")
    open_button = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
    open_button.clicked.connect(lambda: open_folder(parent, folder))
    box.setDefaultButton(open_button)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
