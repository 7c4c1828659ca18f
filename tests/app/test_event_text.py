"""Tooltip text: dates as precise as known, right-to-left names isolated."""

from __future__ import annotations

import datetime as dt

from viewer.app.panes.event_text import date_text, tooltip_html
from viewer.domain.model import ActorRef, Event, Precision, Source


def test_dates_read_with_their_precision():
    day = dt.date(2023, 11, 1)
    assert date_text(day, None, Precision.DAY) == "1 Nov 2023"
    assert date_text(day, None, Precision.MONTH) == "Nov 2023 (month)"
    assert date_text(day, None, Precision.YEAR) == "2023 (year)"
    assert date_text(day, dt.date(2023, 11, 4), Precision.APPROXIMATE) == (
        "about 1 Nov 2023 – 4 Nov 2023 (approximate)")


def test_tooltip_isolates_native_names_and_escapes_html():
    event = Event("Talks <b>resume</b>", dt.date(2025, 5, 6), "talks",
                  actors=(ActorRef("Ishaq Dar", "primary", native_name="اسحاق ڈار"),),
                  sources=(Source("Dawn", published=dt.date(2025, 5, 7)), Source("APP")))
    html = tooltip_html(event)
    assert "Talks &lt;b&gt;resume&lt;/b&gt;" in html
    assert "Ishaq Dar (\u2068اسحاق ڈار\u2069)" in html
    assert "Source: Dawn, 07 May 2025 (+1 more)" in html
