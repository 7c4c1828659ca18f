"""ACLED event exports: the current 31-column layout and the pre-2023 layout.

`event_id_cnty` is the origin id, so a newer export updates rows. Dates come as
YYYY-MM-DD, DD-MM-YYYY or '16 May 2025' depending on the channel. ACLED's time
precision 1/2/3 means exact day / within about a week / only the month known.
No ACLED data is bundled: users load their own exports (ACLED terms of use).
"""

from __future__ import annotations

import datetime as dt

from viewer.domain.model import ActorRef, Event, Precision, Source
from viewer.domain.taxonomy import type_from_acled
from viewer.io.importers.base import Columns, Reader, iso3_of_cameo, iso3_of_m49, number
from viewer.io.importers.formats import ImportFormat, ReadOptions
from viewer.io.importers.report import ImportReport, RowError
from viewer.io.importers.textfile import FileFacts, TextTable

DATASET = "acled"
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_PRECISION = {"1": Precision.DAY, "2": Precision.APPROXIMATE, "3": Precision.MONTH}
_GEO_PRECISION = frozenset({"1", "2", "3"})  # exact place, near it, only its region
# inter1/inter2: old numeric codes and the newer text labels, to our actor kinds.
_KINDS = {"1": "government", "state forces": "government", "2": "armed_group",
          "rebel group": "armed_group", "3": "armed_group", "political militia": "armed_group",
          "4": "armed_group", "identity militia": "armed_group", "8": "organisation",
          "external/other forces": "organisation"}
_DATES: dict[str, dt.date] = {}


def parse_date(text: str) -> dt.date:
    """An ACLED event date in any of its three spellings."""
    found = _DATES.get(text)
    if found is not None:
        return found
    t = text.strip()
    try:
        if len(t) == 10 and t[4] == "-":
            found = dt.date(int(t[:4]), int(t[5:7]), int(t[8:]))
        elif len(t) == 10 and t[2] in "-/" and t[5] in "-/":
            found = dt.date(int(t[6:]), int(t[3:5]), int(t[:2]))
        else:
            parts = t.replace("-", " ").split()
            if len(parts) != 3 or parts[1][:3].lower() not in _MONTHS:
                raise ValueError
            found = dt.date(int(parts[2]), _MONTHS[parts[1][:3].lower()], int(parts[0]))
    except ValueError:
        raise RowError("event_date", f"not a date (YYYY-MM-DD, DD-MM-YYYY or "
                                     f"'16 May 2025'): {text!r}") from None
    if len(_DATES) > 100_000:
        _DATES.clear()
    _DATES[text] = found
    return found


def _split(text: str) -> list[str]:
    if ";" not in text:
        return [text] if text else []
    return [x.strip() for x in text.split(";") if x.strip()]


def _actor_refs(a1: str, inter1: str, assoc1: str, a2: str, inter2: str,
                assoc2: str) -> tuple[ActorRef, ...]:
    refs = []
    if a1:
        refs.append(ActorRef(a1, "actor1", _KINDS.get(inter1.lower())))
    refs += [ActorRef(a, "associate1") for a in _split(assoc1)]
    if a2:
        refs.append(ActorRef(a2, "actor2", _KINDS.get(inter2.lower())))
    refs += [ActorRef(a, "associate2") for a in _split(assoc2)]
    return tuple(refs)


def open_reader(facts: FileFacts, report: ImportReport, variant: str,
                table: TextTable | None = None, options: ReadOptions | None = None) -> Reader:
    """A reader of the file, or of an already opened table (a worksheet)."""
    table = table or TextTable(facts, report)
    c = Columns(table.header)
    path = str(facts.path)
    ix = {name: c.need(path, name) for name in ("event_id_cnty", "event_date", "event_type")}
    for name in ("time_precision", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
                 "actor2", "assoc_actor_2", "inter2", "iso", "iso3", "country", "admin1",
                 "admin2", "location", "latitude", "longitude", "source", "source_scale",
                 "notes", "fatalities", "tags", "geo_precision"):
        ix[name] = c.find(name)
    return Reader("events", f"acled/{variant}", table, _parser(ix), report)


def _variant(names: set[str], _header: list[str]) -> str | None:
    if {"eventidcnty", "eventdate"} <= names:
        return "current" if "disordertype" in names else "legacy"
    return None


def aggregate_kind(names: set[str]) -> str | None:
    """What an ACLED aggregate file is, from its normalised header names; None if it is not one."""
    if {"locationcode", "events", "fatalities", "referenceperiodstart"} <= names:
        return ("an ACLED aggregate from HDX HAPI (monthly counts of events and fatalities "
                "by admin area and event type), not an ACLED event export; download "
                "event-level data from ACLED's Data Export Tool instead")
    if {"country", "month", "year", "events", "fatalities"} <= names:
        return ("an ACLED aggregate (monthly counts of events and fatalities per country), "
                "not an ACLED event export; download event-level data from ACLED instead")
    return None


FORMATS = (ImportFormat(
    "acled", "ACLED event export", open_reader, order=20,
    variants={"current": "ACLED event export (current layout)",
              "legacy": "ACLED event export (legacy layout)"},
    detect_header=_variant, refuse=aggregate_kind),)


def _parser(ix: dict[str, int | None]):  # noqa: ANN202
    # Missing columns point at an empty field appended to every row.
    def at(name: str) -> int:
        i = ix[name]
        return -1 if i is None else i

    i_id, i_date, i_type, i_sub = at("event_id_cnty"), at("event_date"), at("event_type"), \
        at("sub_event_type")
    i_prec, i_iso, i_iso3, i_country = at("time_precision"), at("iso"), at("iso3"), at("country")
    i_a1, i_as1, i_in1 = at("actor1"), at("assoc_actor_1"), at("inter1")
    i_a2, i_as2, i_in2 = at("actor2"), at("assoc_actor_2"), at("inter2")
    i_loc, i_lat, i_lon = at("location"), at("latitude"), at("longitude")
    i_src, i_scale, i_notes = at("source"), at("source_scale"), at("notes")
    i_fat, i_tags, i_adm1, i_adm2 = at("fatalities"), at("tags"), at("admin1"), at("admin2")
    i_geo = at("geo_precision")
    # A file without these columns gets the default; one with them must use ACLED's codes.
    has_prec, has_geo = ix["time_precision"] is not None, ix["geo_precision"] is not None
    sources_cache: dict[tuple[str, str], tuple[Source, ...]] = {}
    actors_cache: dict[tuple[str, str, str, str, str, str], tuple[ActorRef, ...]] = {}
    types_cache: dict[tuple[str, str], str] = {}

    strip = str.strip

    def parse(row: list[str]) -> tuple[Event, dict]:
        f = list(map(strip, row))
        f.append("")
        origin = f[i_id]
        if not origin:
            raise RowError("event_id_cnty", "is empty")
        day = parse_date(f[i_date])
        event_type, sub = f[i_type], f[i_sub]
        if not event_type:
            raise RowError("event_type", "is empty")
        kind = types_cache.get((event_type, sub))
        if kind is None:
            kind = types_cache[(event_type, sub)] = type_from_acled(event_type, sub)
        iso = f[i_iso]
        country = iso3_of_m49(iso) if iso else None
        if iso and country is None:
            raise RowError("iso", f"unknown country code {iso!r}")
        if country is None and f[i_iso3]:
            country = iso3_of_cameo(f[i_iso3])
        a1, a2 = f[i_a1], f[i_a2]
        akey = (a1, f[i_in1], f[i_as1], a2, f[i_in2], f[i_as2])
        refs = actors_cache.get(akey)
        if refs is None:
            if len(actors_cache) > 50_000:
                actors_cache.clear()
            refs = actors_cache[akey] = _actor_refs(*akey)
        precision = _PRECISION.get(f[i_prec])
        if precision is None:
            if has_prec:
                raise RowError("time_precision", f"not an ACLED time precision (1, 2 or 3): "
                                                 f"{f[i_prec]!r}")
            precision = Precision.DAY
        if has_geo and f[i_geo] not in _GEO_PRECISION:
            raise RowError("geo_precision", f"not an ACLED geo precision (1, 2 or 3): "
                                            f"{f[i_geo]!r}")
        location = f[i_loc] or None
        key = (f[i_src], f[i_scale])
        sources = sources_cache.get(key)
        if sources is None:
            if len(sources_cache) > 50_000:
                sources_cache.clear()
            sources = sources_cache[key] = tuple(
                Source(name, scale=key[1] or None) for name in _split(key[0]))
        who = a1 or a2 or f[i_country]
        if a1 and a2:
            who += f" and {a2}"
        title = f"{sub or event_type}: {who}" + (f" ({location})" if location else "")
        event = Event(
            title=title, start=day, type=kind,
            precision=precision, summary=f[i_notes],
            location=location, latitude=number(f[i_lat], "latitude"),
            longitude=number(f[i_lon], "longitude"),
            countries=(country,) if country else (), actors=refs,
            tags=tuple(_split(f[i_tags])), sources=sources,
            origin_dataset=DATASET, origin_id=origin)
        extra = {"original_type": event_type, "original_subtype": sub or None,
                 "admin1": f[i_adm1] or None, "admin2": f[i_adm2] or None,
                 "fatalities": number(f[i_fat], "fatalities", int)}
        return event, extra

    return parse
