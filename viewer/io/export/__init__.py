"""Exporters of a view (time window + filter): xlsx workbook and CSV; no Qt."""
