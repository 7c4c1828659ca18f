"""Help ▸ About: the versions an officer's IT desk asks for, the store, and the licences."""

from __future__ import annotations

import importlib.util
import platform
import sqlite3

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from viewer import __version__
from viewer.app.dialog_size import fit_to_screen
from viewer.app.library_licences import LGPL_TEXTS, Library, app_libraries, shipped_licence
from viewer.app.models.base import RowsTableModel
from viewer.domain.model import StoreInfo
from viewer.paths import resource_path
from viewer.store.service import StoreService

Index = QModelIndex | QPersistentModelIndex


def about_facts(store: StoreService, info: StoreInfo) -> list[tuple[str, str]]:
    """Label and value of each version and of the open store, in the order shown."""
    facts = [
        ("Desk Viewer", __version__),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()}, "
                   f"{platform.system()} {platform.machine()})"),
        ("Qt", qVersion()),
        ("PySide6", pyside_version),
        ("SQLite", sqlite3.sqlite_version),
        ("PostgreSQL", _postgresql_version(store)),
        ("Store", info.url),
        ("Schema", info.schema_revision or "–"),
    ]
    if info.read_only:
        facts.append(("Opened", f"read-only ({info.read_only_reason})"))
    return facts


def _postgresql_version(store: StoreService) -> str:
    server = ""
    if store.dialect == "postgresql":
        version = store.server_version()
        server = "server " + ".".join(map(str, version)) if version else "server (not connected)"
    if importlib.util.find_spec("psycopg") is None:
        return server or "no driver (install desk-viewer[postgres] for a team store)"
    import psycopg

    libpq = psycopg.pq.version()  # e.g. 170002 for 17.2
    client = f"client libpq {libpq // 10000}.{libpq % 100}, psycopg {psycopg.__version__}"
    return f"{server}; {client}" if server else f"{client} (this store is not on a server)"


class LibraryTableModel(RowsTableModel):
    """The bundled libraries: name, version, licence; `ROW_ROLE` gives the Library."""

    COL_NAME, COL_VERSION, COL_LICENCE = range(3)
    HEADERS = ("Library", "Version", "Licence")
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, libraries: list[Library], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = libraries

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        library = self._rows[index.row()]
        if role == self.ROW_ROLE:
            return library
        if role == Qt.ItemDataRole.DisplayRole:
            return (library.name, library.version, library.licence)[index.column()]
        return None


class AboutDialog(QDialog):
    """Versions and store on one tab, each library's licence on the other; About Qt."""

    def __init__(self, store: StoreService, info: StoreInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Desk Viewer")
        self.facts = about_facts(store, info)
        libraries = app_libraries()
        libraries.insert(1, Library("Qt", qVersion(), "LGPL-3.0-only",
                                    shipped_licence(*LGPL_TEXTS)))
        self.libraries = LibraryTableModel(libraries, self)

        tabs = QTabWidget()
        tabs.addTab(self._build_about_tab(), "About")
        tabs.addTab(self._build_licences_tab(), "Licences")
        self.tabs = tabs

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy details")
        self.about_qt_button = QPushButton("About Qt")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.about_qt_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.about_qt_button.clicked.connect(self._on_about_qt_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        fit_to_screen(self, 720, 520)

    def _build_about_tab(self) -> QWidget:
        page = QWidget()
        header = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(QIcon(str(resource_path("icons", "app.svg"))).pixmap(64, 64))
        title = QLabel(f"<h2>Desk Viewer {__version__}</h2>Diplomatic events and trade "
                       "figures of one bilateral relationship, on linked panes, offline."
                       "<br>MIT licence; the libraries it carries are on the "
                       "<i>Licences</i> tab.")
        title.setWordWrap(True)
        header.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(title, 1)
        form = QFormLayout()
        for label, value in self.facts:
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{label}:", shown)
        layout = QVBoxLayout(page)
        layout.addLayout(header)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _build_licences_tab(self) -> QWidget:
        table = QTableView()
        table.setModel(self.libraries)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        self.licence_text = QPlainTextEdit()
        self.licence_text.setReadOnly(True)
        self.licence_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        table.selectionModel().currentRowChanged.connect(self._on_library_current_changed)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(table)
        splitter.addWidget(self.licence_text)
        splitter.setSizes([220, 260])
        self.library_table = table
        table.selectRow(0)
        return splitter

    def _on_library_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        library: Library | None = current.data(LibraryTableModel.ROW_ROLE)
        if library is None:
            self.licence_text.clear()
            return
        parts = [f"{library.name} {library.version}: {library.licence}"]
        parts += [f"\n──── {name} ────\n{text}" for name, text in library.texts]
        if not library.texts:
            parts.append("\n(no licence file came with this library)")
        self.licence_text.setPlainText("\n".join(parts))

    def details_text(self) -> str:
        """The facts as plain text, for a support request."""
        return "\n".join(f"{label}: {value}" for label, value in self.facts)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())

    def _on_about_qt_clicked(self) -> None:
        QApplication.aboutQt()
