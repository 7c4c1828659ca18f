"""Time axis labels at every span, hours to centuries, on narrow and wide axes."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QImage, QPainter

from viewer.app.panes.time_axis import make_time_plot
from viewer.app.panes.time_ticks import DAY, STEPS, label, labels, tick_positions, ticks_for

MONTHS = {dt.date(2000, m, 1).strftime("%b") for m in range(1, 13)}


def width(text: str) -> float:
    return 7.0 * len(text)  # about the app font's average advance


def x_of(day: dt.date) -> float:
    return (day - dt.date(1970, 1, 1)).days * DAY


SPANS_DAYS = (3, 10, 45, 200, 400, 730, 1000, 3650, 40 * 365, 80 * 365, 200 * 365)


@pytest.mark.parametrize("days", SPANS_DAYS)
@pytest.mark.parametrize("px", (350, 800, 1600))
def test_every_span_gets_spaced_labels(days, px) -> None:
    x0 = x_of(dt.date(1950 if days > 30000 else 2019, 3, 17))
    x1 = x0 + days * DAY
    ticks = ticks_for(x0, x1, px, width)
    texts = labels(ticks.major_x.tolist(), ticks.major, px / (x1 - x0), width, x0)
    shown = [(x, t) for x, t in zip(ticks.major_x.tolist(), texts, strict=True) if t]
    assert len(shown) >= 2, (days, px, ticks.major)
    # No two labels touch: centre distance covers both half widths.
    for (xa, ta), (xb, tb) in zip(shown, shown[1:], strict=False):
        assert (xb - xa) * px / (x1 - x0) >= (width(ta) + width(tb)) / 2, (ta, tb)
    # The year is said somewhere.
    assert any(str(y) in t for _x, t in shown for y in range(1900, 2200))


@pytest.mark.parametrize("px", (500, 1000, 1600))
def test_windows_under_three_years_are_labelled_in_months(px) -> None:
    x0 = x_of(dt.date(2023, 2, 10))
    for days in (200, 400, 730, 1050):
        ticks = ticks_for(x0, x0 + days * DAY, px, width)
        assert ticks.major.unit in ("month", "day"), (days, px, ticks.major)
        texts = labels(ticks.major_x.tolist(), ticks.major, px / (days * DAY), width, x0)
        assert any(t and t.split()[0] in MONTHS for t in texts)


def test_forty_years_and_more_still_have_labels() -> None:
    x0 = x_of(dt.date(1960, 1, 1))
    ticks = ticks_for(x0, x0 + 60 * 365 * DAY, 1200, width)
    assert ticks.major.unit == "year" and len(ticks.major_x) >= 4
    assert ticks.minor is not None and len(ticks.minor_x)


def test_labels_name_the_coarsest_unit_that_starts_there() -> None:
    day = next(s for s in STEPS if s.unit == "day")
    hour = next(s for s in STEPS if s.unit == "hour")
    assert label(x_of(dt.date(2024, 1, 1)), day) == "2024"
    assert label(x_of(dt.date(2024, 3, 1)), day) == "Mar"
    assert label(x_of(dt.date(2024, 3, 3)), day) == "3 Mar"
    assert label(x_of(dt.date(2024, 3, 3)) + 14 * 3600, hour) == "14:00"


def test_quarters_start_in_january_april_july_october() -> None:
    quarter = next(s for s in STEPS if s.unit == "month" and s.count == 3)
    xs = tick_positions(quarter, x_of(dt.date(2022, 2, 1)), x_of(dt.date(2023, 2, 1)))
    starts = [(dt.date(1970, 1, 1) + dt.timedelta(seconds=x)) for x in xs]
    assert [d.month for d in starts] == [4, 7, 10, 1] and all(d.day == 1 for d in starts)


def drawn_labels(qtbot, first: dt.date, days: int, width_px: int) -> list[tuple]:
    plot = make_time_plot()
    qtbot.addWidget(plot)
    plot.resize(width_px, 200)
    plot.show()
    x0 = x_of(first)
    plot.getViewBox().setXRange(x0, x0 + days * DAY, padding=0)
    qtbot.wait(10)
    axis = plot.getAxis("bottom")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _axis, _ticks, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [(rect, text) for rect, _flags, text in texts]


@pytest.mark.parametrize("days", (3, 60, 730, 50 * 365, 190 * 365))
@pytest.mark.parametrize("width_px", (420, 1400))
def test_the_drawn_axis_shows_labels_that_do_not_overlap(qtbot, days, width_px) -> None:
    first = dt.date(1905, 1, 1) if days > 10000 else dt.date(2020, 5, 3)
    texts = drawn_labels(qtbot, first, days, width_px)
    assert len(texts) >= 2, (days, width_px)
    assert any(str(year) in text for _r, text in texts for year in range(1900, 2101))
    rects = sorted((rect for rect, _t in texts), key=lambda r: r.left())
    for a, b in zip(rects, rects[1:], strict=False):
        assert not a.intersects(b)
