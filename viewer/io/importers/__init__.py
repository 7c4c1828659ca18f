"""Importers of event and trade exports (ACLED, GDELT, UN Comtrade, mapped CSV/XLSX); no Qt.

Import from the modules themselves (`runner.import_file`, `report.ImportReport`): this
package loads nothing, so building the command line's parser or painting the main
window does not pay for SQLAlchemy and the parsers.
"""
