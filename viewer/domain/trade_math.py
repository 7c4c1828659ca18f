"""Putting trade values of different period lengths on one scale: value per month."""

from __future__ import annotations

import numpy as np

DAYS_PER_MONTH = 365.2425 / 12


def months_spanned(start_days: np.ndarray, end_days: np.ndarray) -> np.ndarray:
    """Months each period covers: whole calendar months count 1 each, other spans by days.

    A fiscal year (1 Jul–30 Jun) is 12, a month 1, a Jul–Jan part-year span 7; a period
    that does not start on the 1st or end on a month's last day is days / 30.44.
    """
    start = np.asarray(start_days, dtype=np.int64).astype("datetime64[D]")
    end = np.asarray(end_days, dtype=np.int64).astype("datetime64[D]")
    first_month = start.astype("datetime64[M]")
    last_month = end.astype("datetime64[M]")
    whole = (first_month.astype("datetime64[D]") == start) & (
        (last_month + 1).astype("datetime64[D]") - 1 == end)
    calendar = (last_month - first_month).astype(np.int64) + 1
    by_days = ((end - start).astype(np.int64) + 1) / DAYS_PER_MONTH
    return np.where(whole, calendar, by_days).astype(np.float64)


def per_month(start_days: np.ndarray, end_days: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each value divided by the months of its period: a period's mean monthly value."""
    return np.asarray(values, dtype=np.float64) / months_spanned(start_days, end_days)


def money(value: float, per: str = "") -> str:
    """US$ with a K/M/B unit: 52077000 -> '$52.1M'."""
    sign = "-" if value < 0 else ""
    v = abs(value)
    for unit, size in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if v >= size:
            text = f"{v / size:.3g}{unit}" if v / size < 100 else f"{v / size:.0f}{unit}"
            return f"{sign}${text}{per}"
    return f"{sign}${v:.0f}{per}"
