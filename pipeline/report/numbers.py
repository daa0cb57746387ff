"""Amounts as the reports write them (one home: the overview, its templates and the review app use it)."""

from __future__ import annotations


def group_digits(number: float) -> str:
    """6991500.0 -> '6 991 500' (as the reports write amounts); decimals kept when there are any."""
    whole = f"{number:,.2f}".rstrip("0").rstrip(".") if number % 1 else f"{number:,.0f}"
    return whole.replace(",", "\u202f")  # narrow no-break space: never split across lines
