"""GDELT 2.0 events: the raw 61-column headerless TSV (also zipped) and gdeltPyR's 62-column CSV.

CAMEO codes stay strings (leading zeros matter). Actor country codes are CAMEO
(= ISO alpha-3), geo country codes FIPS 10-4; both become ISO3. SOURCEURL becomes a
source whose outlet is the URL's host; GLOBALEVENTID is the origin id.
"""

from __future__ import annotations

import csv

from viewer.domain.model import ActorRef, Event, Precision, Source
from viewer.domain.taxonomy import type_from_cameo
from viewer.io.errors import InputError
from viewer.io.importers import cameo
from viewer.io.importers.base import (
    Columns,
    Reader,
    in_range,
    iso3_of_cameo,
    iso3_of_fips,
    number,
    outlet_of,
    yyyymmdd,
)
from viewer.io.importers.formats import ImportFormat, ReadOptions
from viewer.io.importers.report import ImportReport, RowError
from viewer.io.importers.textfile import FileFacts, TextTable

DATASET = "gdelt"
COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate Actor1Code Actor1Name Actor1CountryCode "
    "Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code "
    "Actor1Type1Code Actor1Type2Code Actor1Type3Code Actor2Code Actor2Name Actor2CountryCode "
    "Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code Actor2Religion2Code "
    "Actor2Type1Code Actor2Type2Code Actor2Type3Code IsRootEvent EventCode EventBaseCode "
    "EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles AvgTone "
    "Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code "
    "Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID Actor2Geo_Type "
    "Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code "
    "Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID ActionGeo_Type ActionGeo_FullName "
    "ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat ActionGeo_Long "
    "ActionGeo_FeatureID DATEADDED SOURCEURL"
).split()
assert len(COLUMNS) == 61

# Actor type codes that tell an actor's kind; the rest stay unknown.
_KINDS = {"GOV": "government", "MIL": "government", "JUD": "government", "LEG": "government",
          "COP": "government", "SPY": "government", "REB": "armed_group", "INS": "armed_group",
          "SEP": "armed_group", "UAF": "armed_group", "IGO": "organisation",
          "NGO": "organisation", "MED": "organisation", "BUS": "organisation"}
_QUAD = {"1": "verbal cooperation", "2": "material cooperation", "3": "verbal conflict",
         "4": "material conflict"}
_ROOTS = frozenset(f"{n:02d}" for n in range(1, 21))  # CAMEO root codes 01-20
_TYPES: dict[str, str] = {}
_FIPS: dict[str, str] = {}  # raw geo country field -> ISO3, "" when unknown
_TEXTS: dict[tuple[str, str], str] = {}  # (CAMEO code, description column) -> title text


def looks_raw(first_line: str) -> bool:
    """A raw GDELT line: 61 tab-separated fields starting with a numeric id and a YYYYMMDD."""
    parts = first_line.rstrip("\r\n").split("\t")
    return len(parts) == 61 and parts[0].isdigit() and parts[1][:8].isdigit()


def looks_header(header: list[str]) -> bool:
    return "GLOBALEVENTID" in header and "SQLDATE" in header and "SOURCEURL" in header


def open_reader(facts: FileFacts, report: ImportReport, variant: str,
                table: TextTable | None = None, options: ReadOptions | None = None) -> Reader:
    """A reader of the raw TSV (`variant` 'raw') or the header CSV ('header')."""
    if variant == "raw":
        table = TextTable(facts, report, delimiter="\t", has_header=False, expected_fields=61,
                          quoting=csv.QUOTE_NONE)
        index = {name: i for i, name in enumerate(COLUMNS)}
        desc_col = None
    else:
        table = table or TextTable(facts, report, delimiter=",")
        cols = Columns(table.header)
        missing = [c for c in COLUMNS if cols.find(c) is None]
        if missing:
            raise InputError(facts.path, f"GDELT header lacks {', '.join(missing[:5])}", row=1)
        index = {c: cols.find(c) for c in COLUMNS}
        desc_col = cols.find("CAMEOCodeDescription")
    table.header = table.header or list(COLUMNS)
    return Reader("events", "gdelt", table, _parser(index, desc_col), report)


FORMATS = (ImportFormat(
    "gdelt", "GDELT 2.0 events", open_reader, order=10,
    variants={"raw": "GDELT 2.0 events (raw 61-column TSV)",
              "header": "GDELT 2.0 events (gdeltPyR CSV with header)"},
    detect_line=lambda line: "raw" if looks_raw(line) else None,
    detect_header=lambda _names, header: "header" if looks_header(header) else None),)


_ACTORS: dict[tuple[str, str, str, str], ActorRef] = {}


def _actor(name: str, country: str, type1: str, role: str) -> ActorRef | None:
    if not name or name.isspace():
        return None
    key = (name, country, type1, role)
    found = _ACTORS.get(key)
    if found is None:
        if len(_ACTORS) > 100_000:
            _ACTORS.clear()
        found = _ACTORS[key] = ActorRef(name.strip().title(), role, _KINDS.get(type1.strip()),
                                        iso3_of_cameo(country) if country else None)
    return found


def _parser(ix: dict[str, int], desc_col: int | None):  # noqa: ANN202
    i_id, i_date, i_code, i_root = ix["GLOBALEVENTID"], ix["SQLDATE"], ix["EventCode"], \
        ix["EventRootCode"]
    i_a1, i_a1c, i_a1t = ix["Actor1Name"], ix["Actor1CountryCode"], ix["Actor1Type1Code"]
    i_a2, i_a2c, i_a2t = ix["Actor2Name"], ix["Actor2CountryCode"], ix["Actor2Type1Code"]
    geo = [ix[f"{g}_CountryCode"] for g in ("ActionGeo", "Actor1Geo", "Actor2Geo")]
    i_place, i_lat, i_lon = ix["ActionGeo_FullName"], ix["ActionGeo_Lat"], ix["ActionGeo_Long"]
    i_gold, i_tone, i_ment = ix["GoldsteinScale"], ix["AvgTone"], ix["NumMentions"]
    i_src, i_art, i_quad = ix["NumSources"], ix["NumArticles"], ix["QuadClass"]
    i_url, i_added = ix["SOURCEURL"], ix["DATEADDED"]

    last_source: list = [None, ()]

    def parse(f: list[str]) -> tuple[Event, dict]:
        origin = f[i_id].strip()
        if not origin.isdigit():
            raise RowError("GLOBALEVENTID", f"not an event id: {origin!r}")
        day = yyyymmdd(f[i_date], "SQLDATE")
        code = f[i_code].strip()
        root = f[i_root].strip()
        if root not in _ROOTS:
            raise RowError("EventRootCode", f"not a CAMEO root code (01-20): {root!r}")
        if f[i_quad] not in _QUAD:
            raise RowError("QuadClass", f"not a GDELT quad class (1-4): {f[i_quad]!r}")
        kind = _TYPES.get(code)
        if kind is None:
            kind = _TYPES[code] = type_from_cameo(code)
        a1 = _actor(f[i_a1], f[i_a1c], f[i_a1t], "actor1")
        a2 = _actor(f[i_a2], f[i_a2c], f[i_a2t], "actor2")
        given = f[desc_col] if desc_col is not None else ""
        text = _TEXTS.get((code, given))
        if text is None:
            text = (given.strip() or cameo.describe(code)).replace(", not specified below", "")
            text = _TEXTS[(code, given)] = text.strip()
        if a1 and a2:
            title = f"{a1.name} → {a2.name}: {text}"
        elif a1 or a2:
            title = f"{(a1 or a2).name}: {text}"
        else:
            title = text[:1].upper() + text[1:]
        found = {a1.country: None} if a1 and a1.country else {}
        if a2 and a2.country:
            found[a2.country] = None
        for g in geo:
            fips = f[g]
            if fips:
                iso3 = _FIPS.get(fips)
                if iso3 is None:
                    iso3 = _FIPS[fips] = iso3_of_fips(fips.strip()) or ""
                if iso3:
                    found[iso3] = None
        url, added = f[i_url], f[i_added]
        sources = last_source[1] if last_source[0] == (url, added) else None
        if sources is None:
            # Several events of one article follow each other: reuse the last Source.
            url = url.strip()
            sources = (Source(outlet_of(url), url, published=yyyymmdd(
                added[:8], "DATEADDED") if added.strip() else None),) if url else ()
            last_source[:] = [(f[i_url], added), sources]
        try:  # the common case in one step; a bad value is named by number() below
            goldstein = float(f[i_gold]) if f[i_gold] else None
            tone = float(f[i_tone]) if f[i_tone] else None
            mentions = int(f[i_ment]) if f[i_ment] else None
            lat = float(f[i_lat]) if f[i_lat] else None
            lon = float(f[i_lon]) if f[i_lon] else None
            if not in_range(goldstein, tone, mentions, lat, lon):
                raise ValueError  # inf, nan or a 20-digit count: named below
        except ValueError:
            goldstein = number(f[i_gold], "GoldsteinScale")
            tone = number(f[i_tone], "AvgTone")
            mentions = number(f[i_ment], "NumMentions", int)
            lat = number(f[i_lat], "ActionGeo_Lat")
            lon = number(f[i_lon], "ActionGeo_Long")
        summary = (f"CAMEO {code} ({_QUAD[f[i_quad]]}); Goldstein "
                   f"{goldstein}, tone {tone:.2f}, {mentions} mentions in {f[i_src].strip()} "
                   f"sources, {f[i_art].strip()} articles" if tone is not None else
                   f"CAMEO {code}")
        event = Event(
            title=title, start=day, type=kind, precision=Precision.DAY, summary=summary,
            location=f[i_place].strip() or None, latitude=lat, longitude=lon,
            countries=tuple(found),
            actors=(a1, a2) if a1 and a2 else (a1,) if a1 else (a2,) if a2 else (),
            sources=sources,
            origin_dataset=DATASET, origin_id=origin)
        extra = {"cameo_code": code, "goldstein": goldstein, "tone": tone, "mentions": mentions,
                 "original_type": cameo.ROOTS[root],
                 "original_subtype": text}
        return event, extra

    return parse
