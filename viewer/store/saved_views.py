"""Saved views: a named time window, filter and lane grouping, kept in the store."""

from __future__ import annotations

import json
import logging
from dataclasses import fields

from sqlalchemy import Connection, delete, insert, select, update

from viewer.domain.area import Area
from viewer.domain.model import Filter, TimeWindow
from viewer.domain.records import SavedView
from viewer.store import schema as s

log = logging.getLogger(__name__)


def filter_to_json(flt: Filter) -> str:
    """The filter as JSON: lists for the tuples, only fields that are set."""
    data = {}
    for f in fields(Filter):
        value = getattr(flt, f.name)
        if isinstance(value, Area):
            data[f.name] = ({"box": value.as_list(), "outline": [list(p) for p in value.outline]}
                            if value.outline else value.as_list())
        elif value:
            data[f.name] = list(value) if isinstance(value, tuple) else value
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def filter_from_json(text: str | None) -> Filter:
    """The filter stored as JSON; unknown keys and wrong types are dropped, not fatal."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        log.warning("saved view filter is not JSON: %.80r", text)
        return Filter()
    if not isinstance(data, dict):
        return Filter()
    values: dict = {}
    for f in fields(Filter):
        value = data.get(f.name)
        if f.name == "search":
            values[f.name] = value if isinstance(value, str) else ""
        elif f.name == "area":
            values[f.name] = _area(value)
        elif isinstance(value, list):
            values[f.name] = tuple(str(v) for v in value)
    return Filter(**values)


def _area(value: object) -> Area | None:
    try:
        if isinstance(value, dict):
            return Area.lasso([(float(x), float(y)) for x, y in value.get("outline", [])])
        if not isinstance(value, list) or len(value) != 4:
            return None
        return Area(*(float(v) for v in value))
    except (TypeError, ValueError):
        return None


def _view(row) -> SavedView:  # noqa: ANN001
    window = None
    if row.window_start and row.window_end and row.window_start <= row.window_end:
        window = TimeWindow(row.window_start, row.window_end)
    return SavedView(row.name, window, filter_from_json(row.filter_json), row.lane_key,
                     bool(row.is_startup), row.id)


def list_views(conn: Connection) -> list[SavedView]:
    """Every saved view, oldest first (the order of the Ctrl+1..9 shortcuts)."""
    return [_view(r) for r in conn.execute(select(s.SavedView).order_by(s.SavedView.id))]


def save_view(conn: Connection, view: SavedView) -> SavedView:
    """Store a view under its name, replacing one of the same name (in the caller's
    write transaction)."""
    name = view.name.strip()
    if not name:
        raise ValueError("a saved view needs a name")
    t = s.SavedView
    values = {
        "window_start": view.window.start if view.window else None,
        "window_end": view.window.end if view.window else None,
        "filter_json": filter_to_json(view.filter), "lane_key": view.lane_key,
        "is_startup": view.is_startup,
    }
    if view.is_startup:
        conn.execute(update(t).values(is_startup=False))
    found = conn.scalar(select(t.id).where(t.name == name))
    if found is None:
        found = conn.execute(insert(t).values(name=name, **values).returning(t.id)).scalar_one()
    else:
        conn.execute(update(t).where(t.id == found).values(**values))
    return _view(conn.execute(select(t).where(t.id == found)).one())


def delete_view(conn: Connection, name: str) -> bool:
    """Delete a view by name; False when there was none."""
    return conn.execute(delete(s.SavedView).where(s.SavedView.name == name)).rowcount > 0


def set_startup_view(conn: Connection, name: str | None) -> None:
    """Make this view (None: no view) the one applied when the window opens."""
    t = s.SavedView
    conn.execute(update(t).values(is_startup=False))
    if name is not None:
        conn.execute(update(t).where(t.name == name).values(is_startup=True))


def startup_view(conn: Connection) -> SavedView | None:
    """The view to apply at start, if one is marked."""
    row = conn.execute(select(s.SavedView).where(s.SavedView.is_startup.is_(True))
                       .order_by(s.SavedView.id)).first()
    return _view(row) if row else None
