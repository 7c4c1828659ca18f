"""Column mappings for CSV/TSV/XLSX files of events or trade figures: proposed, saved, loaded."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from viewer.io.errors import InputError
from viewer.io.importers.base import norm

# Our field -> header names that usually mean it (compared after norm()).
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "event", "name", "subject", "event_title", "what_happened",
              "what", "incident", "development"),
    "start_date": ("start_date", "date", "event_date", "start", "from", "day", "when"),
    "end_date": ("end_date", "end", "to", "until"),
    "type": ("type", "event_type", "category", "kind"),
    "precision": ("precision", "date_precision", "time_precision"),
    "summary": ("summary", "description", "notes", "details", "text"),
    "location": ("location", "place", "city", "site", "where"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "lng", "long"),
    "countries": ("countries", "country", "iso3", "country_code"),
    "actors": ("actors", "actor", "parties", "participants"),
    "tags": ("tags", "keywords", "labels"),
    "source_url": ("source_url", "url", "link", "source_link"),
    "source_outlet": ("source", "outlet", "publisher", "source_name"),
    "fatalities": ("fatalities", "deaths", "killed"),
    "origin_id": ("id", "event_id", "origin_id", "reference", "ref"),
}
TRADE_FIELDS: dict[str, tuple[str, ...]] = {
    "reporter": ("reporter", "reporter_iso3", "reporter_country", "country", "from_country"),
    "partner": ("partner", "partner_iso3", "partner_country", "to_country", "destination"),
    "flow": ("flow", "trade_flow", "direction"),
    "period": ("period", "fiscal_year", "year", "month"),
    "period_start": ("period_start", "start", "from"),
    "period_end": ("period_end", "end", "to"),
    "value_usd": ("value_usd", "value", "trade_value", "usd", "amount", "value_us"),
    "commodity_code": ("commodity_code", "hs_code", "product_code", "cmd_code"),
    "commodity_label": ("commodity", "commodity_label", "product", "description"),
    "quantity": ("quantity", "qty"),
    "quantity_unit": ("unit", "quantity_unit", "qty_unit"),
    "origin_id": ("id", "figure_id", "origin_id", "reference"),
}
REQUIRED = {"events": ("title", "start_date"), "trade": ("reporter", "partner", "flow",
                                                         "value_usd")}


@dataclass
class Mapping:
    """Which column holds which field, for events or trade figures; stored as JSON."""

    kind: str = "events"  # "events" or "trade"
    columns: dict[str, str] = field(default_factory=dict)  # our field -> header name
    defaults: dict[str, str] = field(default_factory=dict)  # our field -> fixed value
    # Origin dataset name; by default derived from the id column and the mapped columns.
    dataset: str = ""
    sheet: str | None = None
    value_scale: float = 1.0  # e.g. 1000 when values are in US$ thousand
    date_order: str | None = None  # "DMY", "MDY" or "YMD" for dates no value disambiguates

    def fields(self) -> dict[str, tuple[str, ...]]:
        return EVENT_FIELDS if self.kind == "events" else TRADE_FIELDS

    def missing(self) -> list[str]:
        """Required fields with neither a column nor a default."""
        need = list(REQUIRED[self.kind])
        if self.kind == "trade" and "period" not in self.columns:
            need.append("period_start")
        return [f for f in need if f not in self.columns and f not in self.defaults]

    def check(self, file: str | Path, header: list[str]) -> None:
        """Refuse a mapping that names columns the file lacks or leaves fields unmapped."""
        if self.kind not in REQUIRED:
            raise InputError(file, f"mapping kind must be 'events' or 'trade', not {self.kind!r}")
        absent = [c for c in self.columns.values() if c not in header]
        if absent:
            raise InputError(file, f"the mapping names columns the file lacks: "
                                   f"{', '.join(absent[:5])}", row=1)
        missing = self.missing()
        if missing:
            raise InputError(file, f"the column mapping leaves required fields unmapped: "
                                   f"{', '.join(missing)}; map them (--map FILE.json)", row=1)

    def save(self, path: str | Path) -> None:
        target = Path(path)
        tmp = target.with_name(target.name + ".part")
        tmp.write_text(json.dumps(asdict(self), indent=2, ensure_ascii=False), encoding="utf-8")
        tmp.replace(target)

    @classmethod
    def load(cls, path: str | Path) -> Mapping:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(path, f"cannot read the column mapping: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("columns", {}), dict):
            raise InputError(path, "a column mapping is a JSON object with 'kind' and 'columns'")
        known = {k: data[k] for k in ("kind", "columns", "defaults", "dataset", "sheet",
                                      "value_scale", "date_order") if k in data}
        mapping = cls(**known)
        if mapping.date_order not in (None, "DMY", "MDY", "YMD"):
            raise InputError(path, f"date_order must be DMY, MDY or YMD, not "
                                   f"{mapping.date_order!r}")
        unknown = set(mapping.columns) - set(mapping.fields())
        if unknown:
            raise InputError(path, f"unknown fields in the mapping: {', '.join(sorted(unknown))}")
        return mapping


def propose(header: list[str], kind: str | None = None) -> Mapping:
    """A mapping guessed from header names; the kind is guessed too unless given."""
    names = {norm(h): h for h in reversed(header) if h}

    def guess(fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
        found: dict[str, str] = {}
        used: set[str] = set()
        for ours, synonyms in fields.items():
            for syn in (ours, *synonyms):
                h = names.get(norm(syn))
                if h is not None and h not in used:
                    found[ours] = h
                    used.add(h)
                    break
        return found

    events, trade = guess(EVENT_FIELDS), guess(TRADE_FIELDS)
    if kind is None:
        score_e = sum(f in events for f in REQUIRED["events"]) * 2 + len(events) / 100
        score_t = sum(f in trade for f in REQUIRED["trade"]) * 2 + len(trade) / 100
        kind = "trade" if score_t > score_e else "events"
    return Mapping(kind=kind, columns=trade if kind == "trade" else events)
