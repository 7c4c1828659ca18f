"""Import of generated GDELT-layout TSV and ACLED-layout CSV files against raw executemany,
and the bulk load against the chunked path it replaced for big files (`bulk=False`).

The baseline writes the same parsed rows (events with every column, their country,
actor and source links, the actors and sources) with plain sqlite3 `executemany` into
a fresh store of the same schema; only its executemany calls are timed. The import
is timed whole: hashing, detection, parsing, lookups, writing and the search index.
Peak RSS is taken from the same fresh process after a quarter of the file and at the
end, to show memory stays flat as the file grows.
"""

from __future__ import annotations

import csv
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bench.core import Context, Row, remove_sqlite
from viewer.domain.periods import day_number
from viewer.io.importers.gdelt import COLUMNS as GDELT_COLUMNS
from viewer.io.importers.report import ImportReport
from viewer.io.importers.runner import open_reader
from viewer.io.importers.textfile import scan
from viewer.store.engine import open_store
from viewer.store.writer import EVENT_COLUMNS, EVENT_EXTRA

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp").split(",")
_CAMEO = ("010", "020", "030", "036", "040", "042", "043", "046", "051", "057", "0841", "112",
          "120", "130", "141", "173", "174", "180", "190", "191", "193", "195")
_COUNTRIES = (("PAK", "PK", "Pakistan", "586"), ("AFG", "AF", "Afghanistan", "4"),
              ("IND", "IN", "India", "356"), ("IRN", "IR", "Iran", "364"),
              ("CHN", "CH", "China", "156"), ("USA", "US", "United States", "840"))
_ACLED_TYPES = (("Battles", "Armed clash"), ("Protests", "Peaceful protest"),
                ("Explosions/Remote violence", "Air/drone strike"),
                ("Violence against civilians", "Attack"), ("Riots", "Mob violence"),
                ("Strategic developments", "Agreement"))


def write_gdelt(path: Path, n: int, seed: int = 3) -> Path:
    """n raw GDELT 2.0 lines: 61 tab-separated fields, invented but realistic in shape."""
    rng = random.Random(seed)
    index = {c: i for i, c in enumerate(GDELT_COLUMNS)}
    with path.open("w", encoding="utf-8", newline="") as fh:
        for i in range(n):
            f = [""] * 61
            a1, a2 = rng.choice(_COUNTRIES), rng.choice(_COUNTRIES)
            geo = rng.choice(_COUNTRIES)
            code = rng.choice(_CAMEO)
            day = 20150000 + (i * 7 // n) * 10000 + rng.randint(1, 12) * 100 + rng.randint(1, 28)
            f[index["GLOBALEVENTID"]] = str(400_000_000 + i)
            f[index["SQLDATE"]] = str(day)
            f[index["Actor1Name"]] = f"{a1[2].upper()} GROUP {rng.randint(0, 199)}"
            f[index["Actor1CountryCode"]] = a1[0]
            f[index["Actor1Type1Code"]] = rng.choice(("GOV", "MIL", "REB", "", "MED"))
            f[index["Actor2Name"]] = a2[2].upper()
            f[index["Actor2CountryCode"]] = a2[0]
            f[index["EventCode"]] = code
            f[index["EventBaseCode"]] = code[:3]
            f[index["EventRootCode"]] = code[:2]
            f[index["QuadClass"]] = str(rng.randint(1, 4))
            f[index["GoldsteinScale"]] = f"{rng.uniform(-10, 10):.1f}"
            f[index["NumMentions"]] = str(rng.randint(1, 30))
            f[index["NumSources"]] = str(rng.randint(1, 5))
            f[index["NumArticles"]] = str(rng.randint(1, 30))
            f[index["AvgTone"]] = f"{rng.uniform(-10, 5):.6f}"
            f[index["ActionGeo_Type"]] = "4"
            f[index["ActionGeo_FullName"]] = f"Place {rng.randint(0, 999)}, {geo[2]}"
            f[index["ActionGeo_CountryCode"]] = geo[1]
            f[index["ActionGeo_Lat"]] = f"{rng.uniform(24, 38):.4f}"
            f[index["ActionGeo_Long"]] = f"{rng.uniform(60, 75):.4f}"
            f[index["DATEADDED"]] = f"{day}234500"
            f[index["SOURCEURL"]] = f"https://www.outlet{i % 400}.example/news/{i // 3}"
            fh.write("\t".join(f) + "\n")
    return path


def write_acled(path: Path, n: int, seed: int = 4) -> Path:
    """n invented rows in ACLED's current 31-column layout (no ACLED data)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ACLED_HEADER)
        for i in range(n):
            c = rng.choice(_COUNTRIES[:4])
            kind, sub = rng.choice(_ACLED_TYPES)
            w.writerow([
                f"{c[0]}{i}", f"20{15 + i * 10 // n:02d}-{rng.randint(1, 12):02d}-"
                f"{rng.randint(1, 28):02d}", "2020", str(rng.choice((1, 1, 1, 2, 3))),
                "Political violence", kind, sub, f"Armed group {rng.randint(0, 299)}",
                "Police Forces; Civilians" if i % 3 == 0 else "", "3",
                f"Military Forces of {c[2]}", "", "1", "13", "", c[3], "South Asia", c[2],
                f"Province {rng.randint(0, 9)}", f"District {rng.randint(0, 99)}", "",
                f"Town {rng.randint(0, 999)}", f"{rng.uniform(24, 38):.4f}",
                f"{rng.uniform(60, 75):.4f}", "1", f"Outlet {i % 150}; Outlet {(i + 7) % 150}",
                "National", f"Invented note {i} about an incident near a town.",
                str(rng.randint(0, 5)), "crowd size=no report" if kind == "Protests" else "",
                "1700000000"])
    return path


def _raw_baseline(path: Path, tmp: Path, cache_kib: int | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of sqlite3 executemany writing the file's parsed rows afresh."""
    db = tmp / f"raw-{path.name}.sqlite"
    remove_sqlite(db)
    open_store(db, create=True).close()
    report = ImportReport(file=str(path))
    reader = open_reader(scan(path), report)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    if cache_kib:
        conn.execute(f"PRAGMA cache_size=-{cache_kib}")
    marks = ", ".join("?" * len(EVENT_COLUMNS))
    sql_event = f"INSERT INTO event ({', '.join(EVENT_COLUMNS)}) VALUES ({marks})"
    actors: dict[tuple, int] = {}
    sources: dict[tuple, int] = {}
    spent = [0.0, 0.0]
    conn.execute("BEGIN")
    chunk: list = []

    def write(chunk: list) -> None:
        ev, countries, links, srcs, new_actors, new_sources = [], [], [], [], [], []
        for id_, (e, extra) in chunk:
            ev.append((id_, e.title, e.summary or None, e.type, e.start.isoformat(),
                       e.end.isoformat() if e.end else None, day_number(e.start),
                       day_number(e.end) if e.end else None, str(e.precision), e.location,
                       e.latitude, e.longitude, e.origin_dataset, e.origin_id, None,
                       *(extra.get(c) for c in EVENT_EXTRA)))
            countries += [(id_, c) for c in e.countries]
            for a in e.actors:
                key = (a.name, a.country)
                if key not in actors:
                    actors[key] = len(actors) + 1
                    new_actors.append((actors[key], a.name, a.kind, a.country))
                links.append((id_, actors[key], a.role))
            for x in e.sources:
                key = (x.outlet, x.url)
                if key not in sources:
                    sources[key] = len(sources) + 1
                    new_sources.append((sources[key], x.outlet, x.url, x.scale))
                srcs.append((id_, sources[key]))
        start, cpu = time.perf_counter(), time.process_time()
        conn.executemany("INSERT INTO actor (id, name, kind, country_iso3) VALUES (?,?,?,?)",
                         new_actors)
        conn.executemany("INSERT INTO source (id, outlet, url, scale) VALUES (?,?,?,?)",
                         new_sources)
        conn.executemany(sql_event, ev)
        conn.executemany("INSERT OR IGNORE INTO event_country VALUES (?,?)", countries)
        conn.executemany("INSERT OR IGNORE INTO event_actor VALUES (?,?,?)", links)
        conn.executemany("INSERT OR IGNORE INTO event_source VALUES (?,?)", srcs)
        spent[0] += time.perf_counter() - start
        spent[1] += time.process_time() - cpu

    for i, record in enumerate(reader.records(), start=1):
        chunk.append((i, record))
        if len(chunk) == 2000:
            write(chunk)
            chunk = []
    write(chunk)
    start, cpu = time.perf_counter(), time.process_time()
    conn.commit()
    spent[0] += time.perf_counter() - start
    spent[1] += time.process_time() - cpu
    conn.close()
    remove_sqlite(db)
    return spent[0], spent[1]


_IMPORT = """
import sys, time
from pathlib import Path
from viewer.store.service import StoreService
from viewer.io.importers.runner import import_file
from viewer.io.importers.bulk_load import LAST_LOAD
from bench.core import peak_rss_mb as peak

path, db, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
bulk = {"chunked": False, "auto": None}[sys.argv[4]]
quarter = []

def progress(done):
    if done >= 0.25 and not quarter:
        quarter.append(peak())

store = StoreService.open(db, create=True)
start, cpu = time.perf_counter(), time.process_time()
report = import_file(store, path, progress=progress, bulk=bulk)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
assert report.ok and report.added == n, report.lines()
print(seconds, cpu, quarter[0], peak(), LAST_LOAD.get("parser_cpu_s", 0.0),
      LAST_LOAD.get("parser_peak_rss_mb", 0.0), LAST_LOAD.get("waited_s", 0.0))
"""

_RAW = """
import sys
from pathlib import Path
from bench.b_import import _raw_baseline
print(*_raw_baseline(Path(sys.argv[1]), Path(sys.argv[2])))
"""


def _side_by_side(script: str, jobs: list[list[str]], tmp: Path) -> list[list[float]]:
    """Run one child per job at once (one per core) and return each one's printed numbers.

    Their stderr goes to files, not pipes, so a chatty child never blocks on a full pipe
    while its sibling is being waited for; if one fails, the others are stopped.
    """
    logs = [tmp / f"child-{i}.err" for i in range(len(jobs))]
    children = []
    try:
        for args, log in zip(jobs, logs, strict=True):
            with log.open("w") as err:
                children.append(subprocess.Popen([sys.executable, "-c", script, *args],
                                                 stdout=subprocess.PIPE, stderr=err, text=True))
        results = []
        for child, log in zip(children, logs, strict=True):
            out, _ = child.communicate()
            if child.returncode:
                raise RuntimeError(f"bench child failed ({child.returncode}): "
                                   f"{log.read_text()[-2000:]}")
            results.append([float(x) for x in out.split()])
        return results
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
        for log in logs:
            log.unlink(missing_ok=True)


def _alone(path: Path, db: Path, n: int, how: str, tmp: Path) -> list[float]:
    """One import in a fresh process with the machine to itself (the bulk load's parser
    process needs the second core); the store is removed afterwards."""
    try:
        return _side_by_side(_IMPORT, [[str(path), str(db), str(n), how]], tmp)[0]
    finally:
        remove_sqlite(db)


def rows(ctx: Context) -> list[Row]:
    """Each format imports alone, first by the chunked path (the code path before the
    bulk load, `import_file(bulk=False)`), then as the app does now (the bulk load for a
    file this size), and then both raw baselines run side by side.

    A fresh process imports each file once, giving wall and CPU time and peak RSS after
    a quarter of the file (standing for an n/4 import; progress is reported every 2,000
    rows, so below 8,000 rows the quarter reading is the end's) and at the end (bench.core's
    peak_rss_mb); the bulk load's parser process reports its own CPU time and peak.
    """
    n = ctx.n
    formats = [("GDELT TSV", write_gdelt(ctx.tmp / "bench-gdelt.export.CSV", n)),
               ("ACLED CSV", write_acled(ctx.tmp / "bench-acled.csv", n))]
    db = ctx.tmp / "import.sqlite"
    measured = [(_alone(path, db, n, "chunked", ctx.tmp), _alone(path, db, n, "auto", ctx.tmp))
                for _, path in formats]
    raws = _side_by_side(_RAW, [[str(path), str(ctx.tmp)] for _, path in formats], ctx.tmp)
    out: list[Row] = []
    for (name, path), (before, ours), (raw, raw_cpu) in zip(formats, measured, raws,
                                                              strict=True):
        seconds, cpu, rss_quarter, rss_full, parser_cpu, parser_rss, waited = ours
        out.append(Row(f"import {name} ({n:,} rows) into SQLite", n / seconds, "rows/s",
                       n / raw, "raw sqlite3 executemany, same parsed rows", ">= 0.5x raw"))
        out.append(Row(f"import {name}: bulk load vs chunked path", n / seconds, "rows/s",
                       n / before[0], "chunked path (bulk=False), same run", ">= 2x"))
        # CPU time is less swayed by other processes than wall time; the bulk load's is
        # both processes' (importer and parser).
        out.append(Row(f"import {name}, per CPU second", n / (cpu + parser_cpu), "rows/s",
                       n / raw_cpu, "the same, per CPU second", ">= 0.5x raw"))
        out.append(Row(f"import {name}, per CPU second vs chunked", n / (cpu + parser_cpu),
                       "rows/s", n / before[1], "chunked path, per CPU second", "-"))
        out.append(Row(f"import {name} peak RSS at n (baseline: after n/4)", rss_full, "MB",
                       rss_quarter, "same import, peak after its first quarter",
                       "flat: ratio ~1"))
        out.append(Row(f"import {name} parser process peak RSS", parser_rss, "MB",
                       before[3], "chunked path's one process at n", "flat"))
        path.unlink()
        ctx.notes.append(f"import {name}: bulk load {seconds:.1f} s (importer CPU {cpu:.1f} s, "
                         f"parser CPU {parser_cpu:.1f} s, importer waited {waited:.1f} s for "
                         f"the parser); chunked path {before[0]:.1f} s (CPU {before[1]:.1f} s)")
    ctx.notes.append("import: each format imported alone, chunked path then bulk load; "
                     "then the two raw baselines side by side")
    return out
