"""Field values as short text, for the list, the history and conflicts."""

from __future__ import annotations

from typing import Any

from extractors.money import read_currencies
from pipeline.report.numbers import group_digits
from pipeline.report.render import STATUS_NAMES

CURRENCIES = sorted(set(read_currencies().values()))


def item_text(item: Any) -> str:
    """A list item as a person reads it: an organization by its name as written."""
    return str(item["name"]) if isinstance(item, dict) and "name" in item else str(item)


def show_amount(amount: dict[str, Any]) -> str:
    text = group_digits(float(amount["amount"]))
    if amount.get("currency"):
        text += f" {amount['currency']}"
    if amount.get("year"):
        text += f" ({amount['year']})"
    return text


def show_value(field: str | None, value: Any) -> str:
    """6 991 500 MAD (2017)؛ 1 899 500 MAD (2018) for amounts, lists joined with ؛, — for nothing."""
    if value is None or value == [] or value == "":
        return "—"
    if field == "status" and isinstance(value, str):
        return STATUS_NAMES.get(value, value)
    if isinstance(value, list):
        return "؛ ".join(show_amount(v) if isinstance(v, dict) and "amount" in v else show_value(None, v) for v in value)
    if isinstance(value, dict):
        if "name" in value and "registry_id" in value:  # an organization
            return value["name"]
        if "path" in value:  # an entity correction
            return f"{value.get('label') or value.get('old_label')} {value.get('start')}–{value.get('end')}"
        return "، ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, float):
        return group_digits(value)
    return str(value)
