"""The event-type taxonomy, and how CAMEO codes and ACLED types map onto it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EventType:
    """One type of the taxonomy, with how the panes draw it."""

    code: str
    label: str
    color: str  # colour-blind-safe (Okabe-Ito and Paul Tol's palettes)
    symbol: str  # pyqtgraph symbol name; the shape carries the type without colour


EVENT_TYPES: tuple[EventType, ...] = (
    EventType("visit", "Visit or meeting", "#0072B2", "o"),
    EventType("call", "Phone call", "#56B4E9", "d"),
    EventType("talks", "Talks and negotiation", "#009E73", "s"),
    EventType("statement", "Statement", "#999999", "t1"),
    EventType("cooperation", "Cooperation", "#44AA99", "p"),
    EventType("agreement", "Agreement or ceasefire", "#117733", "star"),
    EventType("diplomatic_status", "Diplomatic status", "#332288", "h"),
    EventType("border", "Border closure", "#E69F00", "s"),
    EventType("migration", "Deportation or displacement", "#CC79A7", "t"),
    EventType("protest", "Protest or riot", "#DDCC77", "t2"),
    EventType("armed_clash", "Armed clash", "#D55E00", "x"),
    EventType("strike", "Strike or explosion", "#AA4499", "star"),
    EventType("violence", "Violence against civilians", "#882255", "+"),
    EventType("other", "Other development", "#BBBBBB", "o"),
)
TYPES_BY_CODE: dict[str, EventType] = {t.code: t for t in EVENT_TYPES}
DEFAULT_TYPE = "other"

# CAMEO event codes, most specific prefix first wins (codes are strings: "0871").
_CAMEO_PREFIXES: tuple[tuple[str, str], ...] = (
    ("0871", "agreement"),  # declare truce, ceasefire
    ("041", "call"),  # discuss by telephone
    ("042", "visit"),
    ("043", "visit"),
    ("044", "visit"),  # meet at a third location
    ("045", "talks"),  # mediate
    ("046", "talks"),  # engage in negotiation
    ("054", "diplomatic_status"),  # grant diplomatic recognition
    ("057", "agreement"),  # sign formal agreement
    ("161", "diplomatic_status"),  # reduce or break diplomatic relations
    ("164", "diplomatic_status"),
    ("174", "migration"),  # expel or deport individuals
    ("191", "border"),  # impose blockade, restrict movement
    ("183", "strike"),  # suicide, car or other non-military bombing
    ("195", "strike"),  # employ aerial weapons
    ("01", "statement"),
    ("02", "statement"),
    ("03", "cooperation"),
    ("04", "talks"),
    ("05", "cooperation"),
    ("06", "cooperation"),
    ("07", "cooperation"),
    ("08", "agreement"),
    ("09", "other"),
    ("10", "statement"),
    ("11", "statement"),
    ("12", "statement"),
    ("13", "statement"),
    ("14", "protest"),
    ("15", "border"),  # exhibit force posture: border reinforcements, alerts
    ("16", "diplomatic_status"),
    ("17", "other"),  # coerce: arrests, seizures
    ("18", "violence"),
    ("19", "armed_clash"),
    ("20", "violence"),
)

_ACLED_TYPES: dict[str, str] = {
    "battles": "armed_clash",
    "violence against civilians": "violence",
    "explosions/remote violence": "strike",
    "riots": "protest",
    "protests": "protest",
    "strategic developments": "other",
}
_ACLED_SUBTYPES: dict[str, str] = {
    "agreement": "agreement",
    "arrests": "other",
    "air/drone strike": "strike",
    "shelling/artillery/missile attack": "strike",
    "remote explosive/landmine/ied": "strike",
    "suicide bomb": "strike",
    "armed clash": "armed_clash",
}


def type_from_cameo(code: str | None) -> str:
    """Our type for a CAMEO event code such as '0871' or '042'."""
    code = (code or "").strip()
    for prefix, kind in _CAMEO_PREFIXES:
        if code.startswith(prefix):
            return kind
    return DEFAULT_TYPE


def type_from_acled(event_type: str | None, sub_event_type: str | None = None) -> str:
    """Our type for an ACLED event type and sub-event type."""
    sub = (sub_event_type or "").strip().lower()
    if sub in _ACLED_SUBTYPES:
        return _ACLED_SUBTYPES[sub]
    return _ACLED_TYPES.get((event_type or "").strip().lower(), DEFAULT_TYPE)


def type_code(text: str) -> str | None:
    """The type a code or label names, in any case: 'Border', 'BORDER', 'Border closure'."""
    key = " ".join(text.replace("_", " ").lower().split())
    for t in EVENT_TYPES:
        if key in (t.code.replace("_", " "), t.label.lower()):
            return t.code
    return None


def type_label(code: str) -> str:
    """Human label of a type code; unknown codes are shown as they are."""
    found = TYPES_BY_CODE.get(code)
    return found.label if found else code
