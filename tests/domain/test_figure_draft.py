"""A trade figure typed in the editor: values in words, periods from a day in them, and the
reason beside each field that does not read."""

from __future__ import annotations

import datetime as dt

import pytest

from viewer.domain.figure_draft import FigureDraft, check_figure, figure_draft_of, read_value
from viewer.domain.model import Coverage, Flow, PeriodKind


@pytest.mark.parametrize(("text", "value"), [
    ("522,000,000", 522e6), ("522 million", 522e6), ("$1.2 bn", 1.2e9),
    ("US$ 890.052m", 890.052e6), ("41.5 mn", 41.5e6), ("750k", 750e3), (".5 billion", 5e8)])
def test_values_read_in_figures_or_words(text, value):
    assert read_value(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "about a billion", "1.2 trillionish", "12 apples"])
def test_a_value_that_does_not_read_says_what_is_expected(text):
    with pytest.raises(ValueError, match="not an amount"):
        read_value(text)


def test_periods_follow_the_kind_and_the_reporters_fiscal_year():
    day = dt.date(2024, 3, 17)
    kinds = {}
    for kind in ("month", "quarter", "calendar_year", "fiscal_year"):
        figure, errors = check_figure(FigureDraft("PAK", "AFG", period_kind=kind, start=day,
                                                  value="1"))
        assert errors == {}
        kinds[kind] = figure.period
    assert (kinds["month"].start, kinds["month"].end) == (dt.date(2024, 3, 1),
                                                          dt.date(2024, 3, 31))
    assert (kinds["quarter"].start, kinds["quarter"].end) == (dt.date(2024, 1, 1),
                                                              dt.date(2024, 3, 31))
    assert kinds["calendar_year"].end == dt.date(2024, 12, 31)
    fy = kinds["fiscal_year"]
    assert (fy.start, fy.end, fy.fiscal_year) == (dt.date(2023, 7, 1), dt.date(2024, 6, 30),
                                                  "2023-24")
    india, _ = check_figure(FigureDraft("India", "BGD", period_kind="fiscal_year",
                                        start=day, value="1"))
    assert (india.period.start, india.period.fiscal_year) == (dt.date(2023, 4, 1), "2023-24")


def test_every_problem_is_named_beside_its_field():
    figure, errors = check_figure(FigureDraft(
        reporter="Narnia", partner="", flow="smuggling", period_kind="span",
        start=dt.date(2025, 5, 1), end=dt.date(2025, 4, 1), value="-5 million",
        commodity_code=" ", sources="Dawn | dawn.com/x"))
    assert figure is None
    assert errors["reporter"] == "unknown country 'Narnia'"
    assert errors["partner"] == "a partner country is needed"
    assert errors["flow"] == "unknown flow 'smuggling'"
    assert errors["end"].startswith("ends before it starts")
    assert errors["value"] == "a trade value cannot be negative"
    assert "commodity" in errors["commodity_code"]
    assert "web address" in errors["sources"]


def test_a_figure_round_trips_through_its_draft():
    figure, _ = check_figure(FigureDraft(
        "Pakistan", "Afghanistan", "re-export", "span", dt.date(2024, 7, 1),
        dt.date(2024, 12, 31), "SERVICES", "Services", "services", "120 million", True,
        "SBP | https://www.sbp.org.pk/x | Exports by country", "first half", "check"))
    assert (figure.reporter, figure.partner, figure.flow) == ("PAK", "AFG", Flow.RE_EXPORT)
    assert figure.period.kind is PeriodKind.SPAN and figure.coverage is Coverage.SERVICES
    assert figure.officer_note == "check" and figure.note == "first half"
    again, errors = check_figure(figure_draft_of(figure), figure)
    assert errors == {} and again == figure
