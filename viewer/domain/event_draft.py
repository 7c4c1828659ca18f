"""An event as an officer types it in an editor: plain text per field, checked field by
field with the reason for each problem, and made into an Event when every field reads."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlparse

from viewer.domain.country_names import resolve_iso3
from viewer.domain.model import ActorRef, Event, Precision, Source
from viewer.domain.taxonomy import TYPES_BY_CODE

ROLES = ("primary", "counterpart", "participant", "mediator")
_ROLE_LINE = re.compile(r"^\s*([a-z_-]+)\s*:\s*(.+?)\s*$", re.I)


@dataclass(frozen=True)
class EventDraft:
    """The editor's fields as typed. Lists are one item a line (actors `role: Name`,
    sources `Outlet | URL | title`) or comma-separated (countries, tags)."""

    title: str = ""
    type: str = "other"
    start: dt.date = dt.date(2000, 1, 1)
    end: dt.date | None = None
    precision: str = "day"
    summary: str = ""
    location: str = ""
    latitude: str = ""
    longitude: str = ""
    countries: str = ""
    actors: str = ""
    tags: str = ""
    sources: str = ""
    note: str = ""


def draft_of(e: Event) -> EventDraft:
    """The fields of a stored event, as the editor shows them."""
    def number(x: float | None) -> str:
        return "" if x is None else f"{x:g}"

    return EventDraft(
        title=e.title, type=e.type, start=e.start, end=e.end, precision=str(e.precision),
        summary=e.summary, location=e.location or "", latitude=number(e.latitude),
        longitude=number(e.longitude), countries=", ".join(e.countries),
        actors="\n".join(f"{a.role}: {a.name}" for a in e.actors),
        tags=", ".join(e.tags),
        sources="\n".join(source_line(x) for x in e.sources),
        note=e.note)


def source_line(x: Source) -> str:
    """A source as one line of an editor: `Outlet | URL | title`."""
    parts = [x.outlet, x.url or "", x.title or ""]
    while parts and not parts[-1]:
        parts.pop()
    return " | ".join(parts)


def _items(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def _number(text: str, low: float, high: float, name: str,
            errors: dict[str, str]) -> float | None:
    if not text.strip():
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        errors[name] = f"not a number: {text.strip()!r}"
        return None
    if not low <= value <= high:
        errors[name] = f"must be between {low:g} and {high:g}"
        return None
    return value


def _url_problem(url: str) -> str | None:
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        return f"not a web address (http:// or https://…): {url!r}"
    return None


def parse_source_lines(text: str) -> tuple[tuple[Source, ...], str | None]:
    """Sources typed one a line, `Outlet | URL | title`, and the problem with them if any."""
    sources, problem = [], None
    for line in filter(str.strip, text.splitlines()):
        outlet, url, title = ([p.strip() for p in line.split("|")] + ["", ""])[:3]
        if not outlet:
            problem = f"a source needs its outlet first: {line.strip()!r}"
        elif url and (bad := _url_problem(url)):
            problem = bad
        sources.append(Source(outlet, url or None, title or None))
    return tuple(sources), problem


def check(draft: EventDraft, base: Event | None = None,
          known_actors: Sequence[ActorRef] = ()) -> tuple[Event | None, dict[str, str]]:
    """The event the draft describes, or None with the reason for each field that does not
    read. `base` keeps what the editor does not show (origin, id); an actor named as one
    of `base`'s or of `known_actors` (the store's) is that actor, with its country and
    native name."""
    errors: dict[str, str] = {}
    if not draft.title.strip():
        errors["title"] = "a title is needed"
    if draft.type not in TYPES_BY_CODE:
        errors["type"] = f"unknown type {draft.type!r}"
    if draft.end is not None and draft.end < draft.start:
        errors["end"] = f"ends before it starts ({draft.end:%d %b %Y} < {draft.start:%d %b %Y})"
    try:
        precision = Precision(draft.precision)
    except ValueError:
        errors["precision"] = f"unknown precision {draft.precision!r}"
        precision = Precision.DAY
    lat = _number(draft.latitude, -90, 90, "latitude", errors)
    lon = _number(draft.longitude, -180, 180, "longitude", errors)
    if (lat is None) != (lon is None) and "latitude" not in errors and "longitude" not in errors:
        errors["longitude" if lon is None else "latitude"] = "give both coordinates or neither"
    countries, unknown = [], []
    for item in _items(draft.countries):
        iso3 = resolve_iso3(item)
        (countries if iso3 else unknown).append(iso3 or item)
    if unknown:
        errors["countries"] = f"unknown country: {', '.join(unknown)}"
    known = {a.name.casefold(): a for a in known_actors}
    known.update({a.name.casefold(): a for a in (base.actors if base else ())})
    actors = []
    for line in filter(str.strip, draft.actors.splitlines()):
        match = _ROLE_LINE.match(line)
        role, name = (match.group(1).lower(), match.group(2)) if match else ("participant",
                                                                           line.strip())
        same = known.get(name.casefold())
        actors.append(replace(same, role=role) if same else ActorRef(name, role))
    sources, problem = parse_source_lines(draft.sources)
    if problem:
        errors["sources"] = problem
    if errors:
        return None, errors
    base = base or Event("", draft.start, draft.type)
    return replace(
        base, title=draft.title.strip(), type=draft.type, start=draft.start, end=draft.end,
        precision=precision, summary=draft.summary.strip(),
        location=draft.location.strip() or None, latitude=lat, longitude=lon,
        countries=tuple(dict.fromkeys(countries)), actors=tuple(actors),
        tags=tuple(dict.fromkeys(_items(draft.tags))), sources=sources,
        note=draft.note.strip()), {}
