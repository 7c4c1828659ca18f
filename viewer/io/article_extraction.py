"""Candidate events, trade figures and counts proposed from a news report, offline.

Rules read each sentence: its dates (explicit ones, the dateline's, weekdays such as "on
Saturday" and "yesterday" resolved against the dateline, "last year"), its countries
(names, codes' common forms and demonyms) and the actors the store already knows, its
money ("$1 billion", "Rs 2.5bn") and its counts ("over 300,000 Afghans"). A sentence
naming a country or actor and saying what happened (a call, a visit, talks, a closure…)
is a candidate event; money with trade words is a candidate figure. The officer ticks,
corrects and saves; nothing here writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from dateutil import parser as date_parser

from viewer.domain.countries import all_countries, country_name
from viewer.domain.country_names import aliases, normalise, resolve_iso3
from viewer.domain.model import ActorRef
from viewer.domain.proposals import Article, Proposal
from viewer.domain.taxonomy import type_label

DEMONYMS = Path(__file__).resolve().parent.parent / "domain" / "demonyms.csv"
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
          r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY_FIRST = rf"\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
_MONTH_FIRST = rf"{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}"
_DATE = re.compile(rf"\b({_MONTH_FIRST}|{_DAY_FIRST}|\d{{4}}-\d{{2}}-\d{{2}})\b")
_MONTH_YEAR = re.compile(rf"\b(?:in|since|during|until)\s+({_MONTH}\s+\d{{4}})\b")
_DATELINE = re.compile(rf"^\s*([A-Z][A-Za-z .'’-]{{1,40}}?),?\s+({_MONTH_FIRST}|{_DAY_FIRST})"
                       r"\s*(?:\([A-Za-z]+\)\s*)?(?:[-–—:]\s*|$)")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(?:on|last)\s+(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_RELATIVE = re.compile(r"\b(yesterday|today|last year|last month|this year)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])|\n+")
_APPROX = r"(?:about|around|approximately|roughly|nearly|almost|some|over|more than|" \
          r"at least|an estimated|up to|close to)"
_SCALES = {"billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6,
           "thousand": 1e3, "k": 1e3, "crore": 1e7, "lakh": 1e5}
_MONEY = re.compile(
    rf"(?P<approx>{_APPROX}\s+)?(?P<cur>US\$|USD|\$|Rs\.?|PKR|AFN)\s?"
    r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>billion|bn|million|mn|m|thousand|k|crore|lakh)?"
    r"\b", re.I)
_MONEY_WORDS = re.compile(
    rf"(?P<approx>{_APPROX}\s+)?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>billion|million|"
    r"thousand|crore|lakh)?\s+(?P<cur>dollars|rupees|afghanis)\b", re.I)
_CURRENCIES = {"us$": "USD", "usd": "USD", "$": "USD", "dollars": "USD", "rs": "PKR",
               "rs.": "PKR", "pkr": "PKR", "rupees": "PKR", "afn": "AFN", "afghanis": "AFN"}
_COUNTED = ("refugees", "migrants", "people", "persons", "returnees", "families", "children",
            "nationals", "citizens", "workers", "pilgrims", "prisoners", "soldiers", "troops",
            "civilians", "trucks", "containers", "vehicles", "students", "deportees")
# What happened, by the words that say it; the first type that matches wins.
_TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("call", ("telephon", "phone", " call ", " called ", "spoke by")),
    ("agreement", ("agreed", "agreement", "ceasefire", "truce", "signed", "memorandum")),
    ("armed_clash", ("clash", "exchange of fire", "exchanged fire", "shelling", "firing")),
    ("strike", ("airstrike", "air strike", "drone strike", "bombing", "blast", "explosion")),
    ("border", ("closed the", "closure", "reopen", "crossing", "border was")),
    ("migration", ("deport", "repatriat", "forced return", "returned to", "expelled")),
    ("visit", ("visit", "arrived in", "arrival in", "dispatched", "travelled to",
               "traveled to", "delegation")),
    ("talks", ("talks", " met ", "met with", "meeting", "dialogue", "negotiat", "discussed")),
    # Topics, after every verb: "met … to discuss refugees" is a meeting.
    ("migration", ("refugees", "returnees")),
)
# Words that speak of the article's two countries without naming them.
_BOTH_SIDES = re.compile(r"\b(?:both (?:sides|countries|governments|neighbours|neighbors)|"
                         r"the two (?:sides|countries|governments|neighbours|neighbors)|"
                         r"bilateral)\b", re.I)
_TRADE_WORDS = ("trade", "export", "import", "goods", "commerce", "transit")


@cache
def _country_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every country name, alias and demonym, longest first."""
    names: dict[str, str] = {}
    for c in all_countries():
        names[c.name] = c.iso3
    for alias, iso3, _ in aliases():
        if len(alias) > 3:  # 'UK' and 'US' only in capitals below
            names[alias] = iso3
    names.update({"UK": "GBR", "US": "USA", "U.S.": "USA", "UAE": "ARE"})
    with DEMONYMS.open(encoding="utf-8", newline="") as fh:
        names.update({r["demonym"]: r["iso3"] for r in csv.DictReader(fh)})
    ordered = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)")
    return pattern, {normalise(n): iso3 for n, iso3 in names.items()}


def countries_in(text: str) -> tuple[str, ...]:
    """ISO3 codes of the countries a text names, in order, each once."""
    pattern, codes = _country_pattern()
    found = [codes.get(normalise(m.group(1))) or resolve_iso3(m.group(1))
             for m in pattern.finditer(text)]
    return tuple(dict.fromkeys(c for c in found if c))


def actors_in(text: str, actors: Iterable[ActorRef]) -> tuple[str, ...]:
    """Names of the known actors a text names (by their Latin or native name)."""
    lowered = text.casefold()
    found = []
    for a in actors:
        for name in (a.name, a.native_name):
            if name and len(name) > 3 and re.search(
                    r"(?<!\w)" + re.escape(name.casefold()) + r"(?!\w)", lowered):
                found.append(a.name)
                break
    return tuple(dict.fromkeys(found))


def read_dateline(text: str) -> tuple[str | None, dt.date | None]:
    """The dateline's place and date ("ISLAMABAD, March 16, 2024 - …"), when it has one."""
    match = _DATELINE.match(text)
    if not match:
        return None, None
    day = _parse_date(match.group(2))
    return (match.group(1).strip().title(), day) if day else (None, None)


def _parse_date(text: str) -> dt.date | None:
    try:
        return date_parser.parse(text, default=dt.datetime(1, 1, 1)).date()
    except (ValueError, OverflowError):
        return None


def _date_of(sentence: str, dateline: dt.date | None) -> tuple[dt.date | None, str, str]:
    """(date, precision, how it was found) for a sentence."""
    match = _DATE.search(sentence)
    if match and (day := _parse_date(match.group(1))):
        return day, "day", "in the sentence"
    match = _MONTH_YEAR.search(sentence)
    if match and (day := _parse_date("1 " + match.group(1))):
        return day, "month", "in the sentence"
    if dateline is not None:
        match = _WEEKDAY.search(sentence)
        if match:
            back = (dateline.weekday() - _WEEKDAYS.index(match.group(1).lower())) % 7
            if match.group(0).lower().startswith("last") and back == 0:
                back = 7
            return dateline - dt.timedelta(days=back), "day", f"“{match.group(0)}” before " \
                "the dateline"
        match = _RELATIVE.search(sentence)
        if match:
            word = match.group(1).lower()
            if word == "yesterday":
                return dateline - dt.timedelta(days=1), "day", "“yesterday” before the dateline"
            if word == "today":
                return dateline, "day", "“today”, the dateline"
            if word == "last month":
                first = dateline.replace(day=1) - dt.timedelta(days=1)
                return first.replace(day=1), "month", "“last month” before the dateline"
            year = dateline.year - (1 if word == "last year" else 0)
            return dt.date(year, 1, 1), "year", f"“{word}” against the dateline"
        return dateline, "day", "dateline"
    match = _RELATIVE.search(sentence) or _WEEKDAY.search(sentence)
    if match:
        return None, "year" if "year" in match.group(0).lower() else "day", \
            f"“{match.group(0)}”, but the article has no date: set it"
    return None, "day", "no date in the sentence and no dateline"


def _amount(match: re.Match[str]) -> tuple[float, str, bool]:
    number = float(match.group("num").replace(",", ""))
    scale = (match.group("scale") or "").lower()
    currency = _CURRENCIES.get(match.group("cur").lower().rstrip(), "USD")
    return number * _SCALES.get(scale, 1), currency, bool(match.group("approx"))


def _count(sentence: str) -> tuple[int, str, str] | None:
    pattern = re.compile(
        rf"(?P<approx>{_APPROX}\s+)?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>million|thousand)?"
        r"\s+(?P<noun>[A-Za-z]+)")
    for m in pattern.finditer(sentence):
        noun = m.group("noun")
        if noun.lower() in _COUNTED or (noun[0].isupper() and countries_in(noun)):
            number = float(m.group("num").replace(",", ""))
            value = int(number * _SCALES.get((m.group("scale") or "").lower(), 1))
            if value >= 10:  # "2 countries" is not a count worth keeping
                return value, noun, (m.group("approx") or "").strip()
    return None


# "after the meeting", "this discussion": a sentence looking back at an event it reported.
_BACK_REFERENCE = re.compile(r"\b(?:(?:after|before|during|at|since) the|the|this|that) "
                             r"(?:meeting|talks|call|visit|dialogue|discussion|conversation)\b",
                             re.I)


def _event_type(sentence: str) -> str | None:
    padded = f" {_BACK_REFERENCE.sub(' ', sentence).casefold()} "
    for code, words in _TYPE_WORDS:
        if any(w in padded for w in words):
            return code
    return None


def sentences(text: str) -> list[str]:
    """The article's sentences, headings and list items apart."""
    return [s.strip(" -•\t") for s in _SENTENCE_END.split(text) if len(s.strip()) > 20]


def propose(article: Article, known_actors: Sequence[ActorRef] = ()) -> list[Proposal]:
    """Candidate events, trade figures and counts, in the article's order."""
    place, dateline = read_dateline(article.text)
    dateline = article.published or dateline
    heading = _DATELINE.match(article.text)
    # The dateline's own date is not what the first sentence reports.
    body = article.text[heading.end():] if heading else article.text
    out: list[Proposal] = []
    seen_events: set[tuple] = set()
    pair = countries_in(body)[:2]  # "both sides": the two countries the article names first
    for sentence in sentences(body):
        countries = countries_in(sentence)
        if not countries and len(pair) == 2 and _BOTH_SIDES.search(sentence):
            countries = pair
        actors = actors_in(sentence, known_actors)
        day, precision, how = _date_of(sentence, dateline)
        kind = _event_type(sentence)
        if kind and (countries or actors):
            key = (kind, day)
            if key not in seen_events:  # one event a type and day, from its first mention
                seen_events.add(key)
                who = ", ".join(actors) or " – ".join(country_name(c) for c in countries[:3])
                out.append(Proposal("event", sentence, day, precision, how, kind,
                                    f"{type_label(kind)}: {who}", countries, actors,
                                    extra={"place": place} if place else {}))
        lowered = sentence.casefold()
        if any(w in lowered for w in _TRADE_WORDS):
            for m in list(_MONEY.finditer(sentence)) + list(_MONEY_WORDS.finditer(sentence)):
                value, currency, approx = _amount(m)
                flow = "import" if "import" in lowered else "export" if "export" in lowered \
                    else "transit" if "transit" in lowered else None
                reporter, partner = _trade_parties(sentence, countries)
                out.append(Proposal("trade figure", sentence, day, precision, how, "other",
                                    f"{currency} {value:,.0f}", countries, actors,
                                    amount=value, currency=currency, approximate=approx,
                                    flow=flow, reporter=reporter, partner=partner))
        counted = _count(sentence)
        if counted is not None:
            value, noun, qualifier = counted
            title = " ".join(x for x in (qualifier.capitalize(), f"{value:,} {noun}") if x)
            out.append(Proposal("count", sentence, day, precision, how,
                                kind or "migration", title, countries, actors,
                                approximate=bool(qualifier), count=value, counted=noun))
    return out


def _trade_parties(sentence: str, countries: tuple[str, ...]) -> tuple[str | None, str | None]:
    """Whose trade with whom: the first country named, and the one after "from" or "to"."""
    if not countries:
        return None, None
    reporter = countries[0]
    after = re.search(r"\b(?:from|to|with)\s+(.{0,60})", sentence)
    partners = countries_in(after.group(1)) if after else ()
    partner = next((c for c in partners if c != reporter),
                   next((c for c in countries[1:] if c != reporter), None))
    return reporter, partner
