"""The portfolio at a glance, computed from the store: what the review app's `/overview` page and the
static report (`taqrir report`) both show.

Which values count: every record as it stands (a reviewer's value in place of the extracted one),
rejected records left out, pending ones in (most of a portfolio is pending at first: the page says how
many values are reviewed). Amounts are added up per currency only, never across currencies (no rate
is assumed). How each chart reads an amount:
- by funder: the whole of a record's amounts in a currency counts for each of its funders (a
  co-funded project's share per funder is not written in the reports);
- by year: an amount counts for the year the report says it is for (برسم سنة 2017), else for the
  year its project starts; amounts with neither are a bar of their own;
- by region: a record's amounts count for each region its places lie in (extractors.places.regions_of):
  a project in two regions counts in both, so regions are not added up to a total either.
Every bar knows its records and the review list's query that shows exactly them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from extractors.places import ABROAD, NATIONAL, UNPLACED, regions_of
from pipeline.report.numbers import group_digits
from pipeline.store import STATUSES, Store
from pipeline.store.browse import NO_CURRENCY, NO_YEAR

# A record as the overview reads it (Store.standing_values): id, status, name, flags, reviewed, and the
# standing value of each of FIELDS.
Facts = dict[str, Any]
FIELDS = ["start", "end", "amounts", "funders", "locations"]
# The flags the overview lists, in the order a reviewer should look at them.
FLAGS = ("totals_mismatch", "review_conflict", "no_period", "end_before_start", "amount_without_currency")
PLACE_BUCKETS = {NATIONAL: "وطني (دون جهة)", ABROAD: "خارج المغرب", UNPLACED: "دون مكان معروف"}
NO_YEAR_LABEL = "دون سنة"
NO_CURRENCY_LABEL = "دون عملة"
LABEL_LENGTH = 38  # characters of a bar's label before it is cut (the whole name is its tooltip)


@dataclass
class Bar:
    key: str  # the value grouped on: a funder, a year, a region
    label: str
    value: float
    records: list[str]  # ids of the records it adds up
    filters: dict[str, Any]  # the review list's filters that show exactly these records

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= LABEL_LENGTH else self.label[: LABEL_LENGTH - 1].rstrip() + "…"


@dataclass
class Chart:
    dimension: str  # funder | year | region
    currency: str | None
    bars: list[Bar]
    unfunded: float = 0.0  # by funder: the amounts of records that name no funder (in no bar)

    @property
    def anchor(self) -> str:
        return f"{self.dimension}-{self.currency or NO_CURRENCY}"

    @property
    def largest(self) -> float:
        return max((bar.value for bar in self.bars), default=0.0)


@dataclass
class CurrencyTotal:
    currency: str | None
    total: float
    records: int
    amounts: int


@dataclass
class RecordLine:
    """A record as the overview lists it (a flag, a bar's records in the static report)."""

    record_id: str
    name: str
    status: str
    period: str
    amounts: list[str]  # each as written for a reader: "6 991 500 MAD (2017)"
    funders: str


@dataclass
class FlagGroup:
    flag: str
    records: list[tuple[str, str]]  # (record id, the flag's detail)


@dataclass
class Overview:
    documents: int
    documents_with_records: int
    failing_documents: list[tuple[str, str, str | None]]  # path, status, reason
    by_status: dict[str, int]
    counted: int
    reviewed_records: int  # counted records with at least one reviewed value
    totals: list[CurrencyTotal]
    charts: dict[str, list[Chart]]  # dimension -> one chart per currency
    flags: list[FlagGroup]
    records: dict[str, RecordLine] = field(default_factory=dict)  # every counted record, by id

    @property
    def total_records(self) -> int:
        return sum(self.by_status.values())


def compute_overview(store: Store) -> Overview:
    """The overview of everything in `store` (one read of the records' standing values)."""
    records = store.standing_values(FIELDS)
    counted = [r for r in records if r["status"] != "rejected"]
    states = store.file_states()
    by_status = Counter(r["status"] for r in records)
    return Overview(
        documents=len(states),
        documents_with_records=len({s.path for s in states} & store.paths_with_records()),
        failing_documents=[(s.path, s.status, s.error) for s in states if s.status != "ok"],
        by_status={status: by_status.get(status, 0) for status in STATUSES},
        counted=len(counted),
        reviewed_records=sum(1 for r in counted if r["reviewed"]),
        totals=currency_totals(counted),
        charts={"funder": funder_charts(counted), "year": year_charts(counted), "region": region_charts(counted)},
        flags=flag_groups(counted),
        records={r["record_id"]: record_line(r) for r in counted},
    )


def _currency_key(currency: str | None) -> str:
    return currency or NO_CURRENCY


def _in_currency(record: Facts, currency: str | None) -> float:
    return sum(a["amount"] for a in record["amounts"] if a["currency"] == currency)


def _currencies(records: list[Facts]) -> list[str | None]:
    """Currencies in order of how many records have amounts in them (then by code; none last)."""
    counts = Counter(c for r in records for c in {a["currency"] for a in r["amounts"]})
    return sorted(counts, key=lambda c: (c is None, -counts[c], c or ""))


def currency_totals(records: list[Facts]) -> list[CurrencyTotal]:
    totals = []
    for currency in _currencies(records):
        amounts = [a["amount"] for r in records for a in r["amounts"] if a["currency"] == currency]
        having = sum(1 for r in records if any(a["currency"] == currency for a in r["amounts"]))
        totals.append(CurrencyTotal(currency, sum(amounts), having, len(amounts)))
    return totals


def _base_filters(currency: str | None) -> dict[str, Any]:
    return {"counted": 1, "currency": _currency_key(currency)}


def _sorted_bars(bars: dict[str, Bar]) -> list[Bar]:
    return sorted(bars.values(), key=lambda b: (-b.value, b.label))


def funder_charts(records: list[Facts]) -> list[Chart]:
    """Per currency, the amounts of each funder's records (a funder: the registry's name when it knows
    the body, else the name as written; shown as first written)."""
    charts = []
    for currency in _currencies(records):
        bars: dict[str, Bar] = {}
        unfunded = 0.0
        for record in records:
            value = _in_currency(record, currency)
            if not any(a["currency"] == currency for a in record["amounts"]):
                continue
            funders = {(o.get("canonical") or o["name"]): o["name"] for o in record["funders"]}
            if not funders:
                unfunded += value
            for key, written in funders.items():
                bar = bars.setdefault(key, Bar(key, written, 0.0, [], {**_base_filters(currency), "funder_key": key}))
                bar.value += value
                bar.records.append(record["record_id"])
        charts.append(Chart("funder", currency, _sorted_bars(bars), unfunded))
    return charts


def amount_year(amount: dict[str, Any], record: Facts) -> str:
    """The year an amount counts for: its own, else its project's start year, else NO_YEAR."""
    if amount.get("year"):
        return str(amount["year"])
    start = record["start"]
    return start[:4] if start else NO_YEAR


def year_charts(records: list[Facts]) -> list[Chart]:
    """Per currency, the amounts of each year, in the order of years (NO_YEAR last)."""
    charts = []
    for currency in _currencies(records):
        bars: dict[str, Bar] = {}
        for record in records:
            for amount in record["amounts"]:
                if amount["currency"] != currency:
                    continue
                year = amount_year(amount, record)
                label = NO_YEAR_LABEL if year == NO_YEAR else year
                bar = bars.setdefault(year, Bar(year, label, 0.0, [], {**_base_filters(currency), "amount_year": year}))
                bar.value += amount["amount"]
                if record["record_id"] not in bar.records:
                    bar.records.append(record["record_id"])
        ordered = sorted(bars.values(), key=lambda b: (b.key == NO_YEAR, b.key))
        charts.append(Chart("year", currency, ordered))
    return charts


def region_charts(records: list[Facts]) -> list[Chart]:
    """Per currency, the amounts of the records in each region (national, abroad, unplaced apart)."""
    charts = []
    for currency in _currencies(records):
        bars: dict[str, Bar] = {}
        for record in records:
            if not any(a["currency"] == currency for a in record["amounts"]):
                continue
            for region in regions_of(record["locations"]):
                label = PLACE_BUCKETS.get(region, region)
                bar = bars.setdefault(region, Bar(region, label, 0.0, [], {**_base_filters(currency), "region": region}))
                bar.value += _in_currency(record, currency)
                bar.records.append(record["record_id"])
        charts.append(Chart("region", currency, _sorted_bars(bars)))
    return charts


def flag_groups(records: list[Facts]) -> list[FlagGroup]:
    """The records of each flag of `FLAGS` (only flags some record has), with the flag's detail."""
    groups = []
    for name in FLAGS:
        found = [(r["record_id"], flag.partition(":")[2].strip()) for r in records for flag in r["flags"]
                 if flag.split(":")[0] == name]  # fmt: skip
        if found:
            groups.append(FlagGroup(name, found))
    return groups


def _amounts_text(amounts: list[dict[str, Any]]) -> list[str]:
    return [f"{group_digits(a['amount'])} {a['currency'] or NO_CURRENCY_LABEL}" + (f" ({a['year']})" if a.get("year") else "")
            for a in amounts]  # fmt: skip


def record_line(record: Facts) -> RecordLine:
    period = "–".join(p for p in (record["start"], record["end"]) if p)
    funders = "، ".join(o["name"] for o in record["funders"])
    return RecordLine(record["record_id"], record["name"], record["status"], period, _amounts_text(record["amounts"]), funders)
