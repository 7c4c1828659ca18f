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
from viewer.io.importers.report import ImportReport, RowError
from viewer.io.importers.textfile import FileFacts, TextTable

DATASET = "acled"
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_PRECISION = {"1": Precision.DAY, "2": Precision.APPROXIMATE, "3": Precision.MONTH}
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
    return [x.strip() for x in text.split(";") if x.strip()]


def open_reader(facts: FileFacts, report: ImportReport, variant: str,
                table: TextTable | None = None) -> Reader:
    """A reader of the file, or of an already opened table (a worksheet)."""
    table = table or TextTable(facts, report)
    c = Columns(table.header)
    path = str(facts.path)
    ix = {name: c.need(path, name) for name in ("event_id_cnty", "event_date", "event_type")}
    for name in ("time_precision", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
                 "actor2", "assoc_actor_2", "inter2", "iso", "iso3", "country", "admin1",
                 "admin2", "location", "latitude", "longitude", "source", "source_scale",
                 "notes", "fatalities", "tags"):
        ix[name] = c.find(name)
    return Reader("events", f"acled/{variant}", table, _parser(ix), report)


def _parser(ix: dict[str, int | None]):  # noqa: ANN202
    def get(f: list[str], name: str) -> str:
        i = ix[name]
        return f[i].strip() if i is not None else ""

    def actors(f: list[str], n: str) -> list[ActorRef]:
        kind = _KINDS.get(get(f, f"inter{n}").lower())
        out = []
        if name := get(f, f"actor{n}"):
            out.append(ActorRef(name, f"actor{n}", kind))
        out += [ActorRef(a, f"associate{n}") for a in _split(get(f, f"assoc_actor_{n}"))]
        return out

    def parse(f: list[str]) -> tuple[Event, dict]:
        origin = get(f, "event_id_cnty")
        if not origin:
            raise RowError("event_id_cnty", "is empty")
        day = parse_date(get(f, "event_date"))
        event_type, sub = get(f, "event_type"), get(f, "sub_event_type")
        if not event_type:
            raise RowError("event_type", "is empty")
        precision = _PRECISION.get(get(f, "time_precision"), Precision.DAY)
        iso = get(f, "iso")
        country = iso3_of_m49(iso) if iso else None
        if iso and country is None:
            raise RowError("iso", f"unknown country code {iso!r}")
        country = country or iso3_of_cameo(get(f, "iso3")) if get(f, "iso3") else country
        refs = actors(f, "1") + actors(f, "2")
        location = get(f, "location") or None
        scale = get(f, "source_scale") or None
        sources = tuple(Source(name, scale=scale) for name in _split(get(f, "source")))
        who = refs[0].name if refs else get(f, "country")
        if len(refs) > 1 and refs[1].role == "actor2":
            who += f" and {refs[1].name}"
        else:
            second = next((r for r in refs if r.role == "actor2"), None)
            who += f" and {second.name}" if second else ""
        title = f"{sub or event_type}: {who}" + (f" ({location})" if location else "")
        event = Event(
            title=title, start=day, type=type_from_acled(event_type, sub), precision=precision,
            summary=get(f, "notes"), location=location,
            latitude=number(get(f, "latitude"), "latitude"),
            longitude=number(get(f, "longitude"), "longitude"),
            countries=(country,) if country else (), actors=tuple(refs),
            tags=tuple(_split(get(f, "tags"))), sources=sources,
            origin_dataset=DATASET, origin_id=origin)
        extra = {"original_type": event_type, "original_subtype": sub or None,
                 "admin1": get(f, "admin1") or None, "admin2": get(f, "admin2") or None,
                 "fatalities": number(get(f, "fatalities"), "fatalities", int)}
        return event, extra

    return parse
