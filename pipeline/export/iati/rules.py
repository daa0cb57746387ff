"""The checks of IATI's rulesets a validator runs beyond the schema, on a built `iati-activities`
tree (so they read the file as any reader would, not taqrir's objects)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from lxml import etree

from pipeline.export.iati.settings import PLACEHOLDER_REF

START_TYPES, END_TYPES = ("1", "2"), ("3", "4")
ACTUAL_TYPES = ("2", "4")
MAX_BUDGET_PERIOD = timedelta(days=366)  # "a budget period must not be longer than one year"
CURRENCY = re.compile(r"^[A-Z]{3}$")
RULES = {
    "identifier_prefix": "iati-identifier starts with the reporting organisation's identifier",
    "identifier_unique": "every iati-identifier appears once",
    "reporting_org": "the reporting organisation is set (not taqrir's placeholder)",
    "start_date": "a planned or actual start date is present",
    "date_order": "a start date is not after its end date",
    "actual_not_future": "actual dates are not in the future",
    "budget_order": "a budget period starts before it ends",
    "budget_length": "a budget period is not longer than one year",
    "currency": "currencies are ISO 4217 codes",
    "country_percentages": "several recipient countries carry percentages adding up to 100",
}


@dataclass(frozen=True)
class Finding:
    rule: str
    identifier: str
    message: str


def check_activities(tree: etree._ElementTree, today: date | None = None) -> list[Finding]:
    today = today or date.today()
    findings: list[Finding] = []
    activities = tree.getroot().findall("iati-activity")
    counts = Counter(a.findtext("iati-identifier") for a in activities)
    for activity in activities:
        identifier = activity.findtext("iati-identifier") or ""

        def report(rule: str, message: str, identifier: str = identifier) -> None:
            findings.append(Finding(rule, identifier, message))

        ref = activity.find("reporting-org").get("ref", "")  # type: ignore[union-attr]
        if not identifier.startswith(ref + "-"):
            report("identifier_prefix", f"{identifier!r} does not start with {ref + '-'!r}")
        if counts[identifier] > 1:
            report("identifier_unique", f"{identifier!r} appears {counts[identifier]} times")
        if ref == PLACEHOLDER_REF:
            report("reporting_org", f"reporting-org is the placeholder {PLACEHOLDER_REF}")
        dates = {
            d.get("type"): date.fromisoformat(d.get("iso-date", ""))
            for d in activity.findall("activity-date")
        }
        if not any(t in dates for t in START_TYPES):
            report("start_date", "no activity-date of type 1 (planned start) or 2 (actual start)")
        for start, end in (("1", "3"), ("2", "4")):
            if start in dates and end in dates and dates[start] > dates[end]:
                report(
                    "date_order",
                    f"activity-date type {start} {dates[start]} is after type {end} {dates[end]}",
                )
        for kind in ACTUAL_TYPES:
            if kind in dates and dates[kind] > today:
                report(
                    "actual_not_future",
                    f"actual activity-date type {kind} {dates[kind]} is after today ({today})",
                )
        for budget in activity.findall("budget"):
            begins = date.fromisoformat(_date_of(budget, "period-start"))
            ends = date.fromisoformat(_date_of(budget, "period-end"))
            if begins > ends:
                report("budget_order", f"budget period {begins} to {ends} ends before it starts")
            elif ends - begins > MAX_BUDGET_PERIOD:
                report("budget_length", f"budget period {begins} to {ends} is longer than one year")
        for value in activity.iter("value"):
            if not CURRENCY.match(value.get("currency", "")):
                report("currency", f"currency {value.get('currency')!r} is not an ISO 4217 code")
        countries = activity.findall("recipient-country")
        if len(countries) > 1 and sum(float(c.get("percentage", "0")) for c in countries) != 100:
            report(
                "country_percentages",
                f"{len(countries)} recipient countries without percentages adding up to 100",
            )
    return findings


def _date_of(parent: etree._Element, tag: str) -> str:
    child = parent.find(tag)
    return child.get("iso-date", "") if child is not None else ""
