"""Files and checks the importer tests share: invented ACLED and GDELT rows, store snapshots.

A plain module with a unique name (not conftest), so that importing it from a test
never picks up another folder's conftest.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from sqlalchemy import text

from viewer.io.importers.gdelt import COLUMNS as GDELT_COLUMNS

# The real samples of ../shared/data; tests that need them skip when they are absent.
SHARED = Path(os.environ.get("DESK_VIEWER_SHARED_DATA", "/work/shared/data"))
TABLES = ("event", "event_actor", "event_country", "event_tag", "event_source", "source",
          "actor", "trade_figure", "import_batch")


def snapshot(store) -> dict[str, list[tuple]]:
    """Every row of the tables an import writes, to compare before and after."""
    # The search index too: it is written with each chunk.
    index = "SELECT rowid, * FROM event_fts" if store.dialect == "sqlite" else \
        "SELECT event_id, document::text FROM event_search"
    with store.store.connect() as conn:
        found = {t: sorted(tuple(map(str, r)) for r in conn.execute(text(f"SELECT * FROM {t}")))
                 for t in TABLES}
        found["search index"] = sorted(tuple(map(str, r)) for r in conn.execute(text(index)))
        return found


def plain(row):  # noqa: ANN001, ANN201
    """A row with its dates as ISO text, as SQLite returns them from raw SQL (PostgreSQL
    returns date objects), so one assertion holds on both backends."""
    import datetime as dt

    def text_of(v):  # noqa: ANN001, ANN202
        return v.isoformat() if isinstance(v, dt.date) else v

    if isinstance(row, dict):
        return {k: text_of(v) for k, v in row.items()}
    return tuple(text_of(v) for v in row)


def count(store, table: str) -> int:
    if table == "event_fts" and store.dialect != "sqlite":
        table = "event_search"
    with store.store.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def shared(*parts: str) -> Path:
    """A real sample file; the test is skipped when the shared folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"sample file {path} not present")
    return path


ACLED_CURRENT = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp").split(",")
ACLED_LEGACY = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
    "notes,fatalities,timestamp,iso3").split(",")


def acled_row(i: int, **over: str) -> dict[str, str]:
    """One invented ACLED-layout event (made-up values, not ACLED data)."""
    row = {
        "event_id_cnty": f"PAK{1000 + i}", "event_date": "2024-03-0" + str(1 + i % 9),
        "year": "2024", "time_precision": "1", "disorder_type": "Political violence",
        "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Pakistan (2018-)", "assoc_actor_1": "Police Forces; Levies",
        "inter1": "1", "actor2": "Unidentified Armed Group (Pakistan)", "assoc_actor_2": "",
        "inter2": "3", "interaction": "13", "civilian_targeting": "", "iso": "586",
        "region": "South Asia", "country": "Pakistan", "admin1": "Khyber Pakhtunkhwa",
        "admin2": "Khyber", "admin3": "", "location": "Landi Kotal", "latitude": "34.0988",
        "longitude": "71.1411", "geo_precision": "1", "source": "Dawn; The News",
        "source_scale": "National", "notes": f"Invented test event number {i}.",
        "fatalities": str(i % 4), "tags": "crowd size=no report", "timestamp": "1710000000",
        "data_id": str(5000 + i), "event_id_no_cnty": str(1000 + i), "iso3": "PAK",
    }
    row.update(over)
    return row


def write_acled(path: Path, rows: list[dict[str, str]], *, legacy: bool = False,
                encoding: str = "utf-8", bom: bool = False) -> Path:
    """Write an ACLED-layout CSV with the csv module (quoting as a real export would)."""
    header = ACLED_LEGACY if legacy else ACLED_CURRENT
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow([row.get(h, "") for h in header])
    data = buf.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def gdelt_line(i: int, **over: str) -> str:
    """One invented raw GDELT line (61 tab-separated fields)."""
    row = dict.fromkeys(GDELT_COLUMNS, "")
    row.update({
        "GLOBALEVENTID": str(900000 + i), "SQLDATE": "20231101", "MonthYear": "202311",
        "Year": "2023", "FractionDate": "2023.8329", "Actor1Code": "PAKGOV",
        "Actor1Name": "PAKISTAN", "Actor1CountryCode": "PAK", "Actor1Type1Code": "GOV",
        "Actor2Code": "AFG", "Actor2Name": "AFGHANISTAN", "Actor2CountryCode": "AFG",
        "IsRootEvent": "1", "EventCode": "174", "EventBaseCode": "174", "EventRootCode": "17",
        "QuadClass": "4", "GoldsteinScale": "-5.0", "NumMentions": "10", "NumSources": "2",
        "NumArticles": "10", "AvgTone": "-4.5", "ActionGeo_Type": "4",
        "ActionGeo_FullName": "Torkham, North-West Frontier, Pakistan",
        "ActionGeo_CountryCode": "PK", "ActionGeo_Lat": "34.1", "ActionGeo_Long": "71.09",
        "DATEADDED": "20231101120000", "SOURCEURL": f"https://www.example.pk/news/{i}"})
    row.update(over)
    return "\t".join(row[c] for c in GDELT_COLUMNS) + "\n"
