"""Candidate events, figures and counts from news reports: the two real reports in
../shared/articles, and articles the tests write for each rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from viewer.domain.model import ActorRef
from viewer.domain.proposals import Article
from viewer.io.article_extraction import countries_in, propose, read_dateline

ARTICLES = Path(__file__).resolve().parents[3] / "shared" / "articles"
KNOWN = (ActorRef("Ishaq Dar", native_name="اسحاق ڈار"),
         ActorRef("Amir Khan Muttaqi", native_name="امیر خان متقی"), ActorRef("Taliban"))


def article(name: str) -> str:
    path = ARTICLES / name
    if not path.is_file():
        pytest.skip(f"{path} not present")
    return path.read_text(encoding="utf-8")


def test_the_foreign_ministers_call_and_the_returned_afghans():
    text = article("fm-call-2024-03-16.txt")
    assert read_dateline(text) == ("Islamabad", dt.date(2024, 3, 16))
    found = propose(Article(text), KNOWN)
    call = next(p for p in found if p.kind == "event" and p.type == "call")
    assert call.date == dt.date(2024, 3, 16) and call.date_from == "dateline"
    assert {"PAK", "AFG"} <= set(call.countries)
    assert set(call.actors) == {"Ishaq Dar", "Amir Khan Muttaqi"}
    returned = next(p for p in found if p.kind == "count")
    assert (returned.count, returned.counted, returned.approximate) == (300_000, "Afghans", True)
    assert "over 300,000 Afghans" in returned.sentence


def test_the_envoys_report_gives_about_a_billion_dollars_of_trade():
    found = propose(Article(article("envoy-visit-kabul.txt")), KNOWN)
    (figure,) = [p for p in found if p.kind == "trade figure"]
    assert (figure.amount, figure.currency, figure.approximate) == (1e9, "USD", True)
    assert (figure.flow, figure.reporter, figure.partner) == ("import", "AFG", "PAK")
    assert figure.date is None and figure.precision == "year"  # "last year", undated report
    assert "set it" in figure.date_from
    assert any(p.kind == "event" and p.type == "visit" for p in found)


def test_weekdays_and_yesterday_resolve_against_the_dateline():
    text = ("KABUL, October 13, 2025 (Monday) - Afghanistan closed the Torkham crossing on "
            "Saturday after an exchange of fire with Pakistani troops. Qatar's foreign "
            "minister spoke by phone with Pakistan's yesterday. Talks with Afghanistan are "
            "planned in Doha on 19 October 2025.")
    found = {p.type: p for p in propose(Article(text)) if p.kind == "event"}
    assert found["armed_clash"].date == dt.date(2025, 10, 11)  # "on Saturday"
    assert found["call"].date == dt.date(2025, 10, 12)
    assert found["talks"].date == dt.date(2025, 10, 19) and found["talks"].date_from == \
        "in the sentence"
    assert found["call"].countries == ("QAT", "PAK")


@pytest.mark.parametrize("sentence, amount, currency", [
    ("Pakistan's exports to Afghanistan reached US$522 million in FY2023.", 522e6, "USD"),
    ("Pakistan exported goods worth Rs 2.5bn to Afghanistan.", 2.5e9, "PKR"),
    ("Afghanistan's imports from Iran were about 1.7 billion dollars.", 1.7e9, "USD"),
])
def test_money_with_its_currency(sentence, amount, currency):
    (figure,) = [p for p in propose(Article(sentence)) if p.kind == "trade figure"]
    assert (figure.amount, figure.currency) == (amount, currency)
    assert figure.reporter in ("PAK", "AFG") and figure.partner in ("PAK", "AFG", "IRN")


def test_country_names_codes_and_demonyms():
    assert countries_in("The Afghan and Pakistani delegations met Turkish and UK envoys "
                        "in Türkiye and the United States.") == ("AFG", "PAK", "TUR", "GBR",
                                                                 "USA")
    assert countries_in("a chinese-made truck") == ()  # demonyms only as written


def test_propose_prints_json_and_saves_with_the_article_as_source(tmp_path, capsys):
    import json

    from viewer.cli import run
    from viewer.store.service import StoreService

    text = article("fm-call-2024-03-16.txt")
    path = tmp_path / "call.txt"
    path.write_text(text, encoding="utf-8")
    db = str(tmp_path / "s.sqlite")
    assert run(["init", "--db", db]) == 0
    capsys.readouterr()
    assert run(["propose", str(path), "--json", "--db", db]) == 0
    found = json.loads(capsys.readouterr().out)
    call = next(p for p in found if p.get("type") == "call")
    assert call["date"] == "2024-03-16" and set(call["countries"]) == {"PAK", "AFG"}
    assert {"kind", "sentence", "precision", "actors"} <= set(call)
    count = next(p for p in found if p["kind"] == "count")
    assert count["count"] == 300000 and count["title"] == "Over 300,000 Afghans"

    store = StoreService.open(db)
    before = store.info().events.count
    store.close()
    assert run(["propose", str(path), "--save", "--outlet", "Pasted report", "--db", db]) == 0
    assert "saved 4 events" in capsys.readouterr().out
    store = StoreService.open(db)
    try:
        assert store.info().events.count == before + 4
        saved = [e for e in store.events() if any(s.outlet == "Pasted report" for s in e.sources)]
        assert len(saved) == 4
        detail = store.event_detail(next(e.id for e in saved if e.type == "call"))
        (source,) = detail.sources
        assert source.text == text and source.title.startswith("ISLAMABAD")
        assert {a.name for a in detail.event.actors} >= {"Ishaq Dar", "Amir Khan Muttaqi"}
        assert any(a.native_name for a in detail.event.actors)  # the store's own actors
    finally:
        store.close()


KABUL_REPORT = (
    "KABUL, July 17, 2025 - Pakistan's special envoy Mohammad Sadiq met Afghan foreign "
    "minister Amir Khan Muttaqi in Kabul on Thursday to discuss trade and refugees.\n\n"
    "Trade between the two countries stood at about $1 billion last year, the envoy told "
    "reporters after the meeting.\n\n"
    "On Wednesday, officials from both sides agreed to keep the Torkham crossing open around "
    "the clock.\n")


def test_a_meeting_about_refugees_is_a_meeting_and_both_sides_are_the_articles_pair():
    found = propose(Article(KABUL_REPORT, "Test"), [ActorRef("Amir Khan Muttaqi")])
    events = [(p.type, p.date, p.countries) for p in found if p.kind == "event"]
    # The meeting, and the agreement of "both sides"; "after the meeting" is no new event.
    assert events == [("talks", dt.date(2025, 7, 17), ("PAK", "AFG")),
                      ("agreement", dt.date(2025, 7, 16), ("PAK", "AFG"))]
    (figure,) = [p for p in found if p.kind == "trade figure"]
    assert (figure.amount, figure.currency, figure.approximate) == (1e9, "USD", True)
    assert (figure.reporter, figure.partner, figure.date.year) == ("PAK", "AFG", 2024)
