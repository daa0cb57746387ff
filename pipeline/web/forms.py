"""The record form: how each field is shown in its input, and how what the reviewer typed becomes a
value for `Store.set_fields`.

Lists (organizations, places, other names) are one item per line; amounts are rows of amount,
currency and year; digits may be typed Arabic-Indic (٠١٢…) or Persian (۰۱۲…). Text is read by the
store's own `parse_field_value`, so the app and `taqrir records set` agree on every value. Only fields
whose value differs from the one that stands are sent: saving a form never marks an untouched field
as reviewed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from pipeline.report.numbers import group_digits
from pipeline.store import ReviewError
from pipeline.store.review import parse_field_value
from pipeline.web.values import item_text

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str  # line | lines | date | choice | amounts | text
    hint: str = ""


FIELDS = [
    FieldSpec("name", "اسم المشروع", "line"),
    FieldSpec("acronym", "المختصر", "line"),
    FieldSpec("aliases", "أسماء أخرى", "lines", "اسم في كل سطر"),
    FieldSpec("start", "البداية", "date", "2017 أو 2017-04 أو 2017-04-09"),
    FieldSpec("end", "النهاية", "date", "2017 أو 2017-04 أو 2017-04-09"),
    FieldSpec("date_status", "الفترة", "choice"),
    FieldSpec("amounts", "المبالغ", "amounts", "امسح المبلغ لحذف سطره"),
    FieldSpec("funders", "الممولون", "lines", "جهة في كل سطر"),
    FieldSpec("implementers", "المنفذون", "lines", "جهة في كل سطر"),
    FieldSpec("partners", "الشركاء", "lines", "جهة في كل سطر"),
    FieldSpec("locations", "الأماكن", "lines", "مكان في كل سطر"),
    FieldSpec("sector", "القطاع", "line"),
    FieldSpec("description", "الوصف", "text"),
]
DATE_STATUSES = {"": "غير محددة", "planned": "مخططة", "actual": "منجزة"}
BLANK_AMOUNT_ROWS = 1  # empty rows under the amounts, to add one


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def field_text(spec: FieldSpec, value: Any) -> str:
    """The value as its input shows it."""
    if value is None:
        return ""
    if spec.kind == "lines":
        return "\n".join(item_text(item) for item in value)
    return str(value)


def amount_rows(amounts: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Rows of the amounts table (digits grouped as reports write them), plus blank rows to add one."""
    rows = [{"amount": group_digits(a["amount"]).replace("\u202f", " "), "currency": a.get("currency") or "",
             "year": str(a["year"]) if a.get("year") else ""} for a in amounts]  # fmt: skip
    return rows + [{"amount": "", "currency": "", "year": ""} for _ in range(BLANK_AMOUNT_ROWS)]


def _amounts_text(form: FormData) -> str:
    """The amounts rows as the store's amount syntax: `6 990 500 MAD (2017); 1 899 500 MAD (2018)`."""
    items = []
    for i in range(int(str(form.get("amount_rows") or 0))):
        amount = str(form.get(f"amount_{i}") or "").translate(DIGITS).strip()
        if not amount:
            continue
        currency = str(form.get(f"currency_{i}") or "").strip().upper()
        year = str(form.get(f"year_{i}") or "").translate(DIGITS).strip()
        items.append(" ".join(part for part in (amount, currency, f"({year})" if year else "") if part))
    return "; ".join(items)


def submitted_text(spec: FieldSpec, form: FormData) -> str | None:
    """What the reviewer typed for the field, as one text; None when the form has no input for it."""
    if spec.kind == "amounts":
        return _amounts_text(form) if "amount_rows" in form else None
    if spec.name not in form:
        return None
    text = str(form.get(spec.name)).replace("\r\n", "\n")  # browsers send a textarea's lines with CR LF
    if spec.kind == "lines":  # one item per line: the store's list separator is `;`
        return "; ".join(line.strip() for line in text.splitlines() if line.strip())
    if spec.kind == "date":
        return text.translate(DIGITS)
    return text


def _read(spec: FieldSpec, text: str) -> Any:
    return [] if spec.kind in ("lines", "amounts") and not text.strip() else parse_field_value(spec.name, text)


def untouched_text(spec: FieldSpec, value: Any) -> str:
    """What the form sends for `value` when the reviewer leaves its input as it is."""
    if spec.kind == "amounts":
        rows = amount_rows(value or [])
        fields = {f"{key}_{i}": row[key] for i, row in enumerate(rows) for key in row}
        return _amounts_text(FormData({**fields, "amount_rows": str(len(rows))}))
    text = field_text(spec, value)
    return "; ".join(line.strip() for line in text.splitlines() if line.strip()) if spec.kind == "lines" else text


def read_changes(form: FormData, current: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The fields whose typed value differs from `current` (field -> value), and the fields that
    cannot be read (field -> reason). A field counts as changed when what was typed reads differently
    from what its untouched input would send: a value the form cannot show exactly (spaces around
    it, say) is never saved by a reviewer who did not touch it."""
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for spec in FIELDS:
        text = submitted_text(spec, form)
        if text is None:
            continue
        try:
            value = _read(spec, text)
        except ReviewError as exc:
            errors[spec.name] = str(exc)
            continue
        try:
            unchanged = canonical(value) == canonical(_read(spec, untouched_text(spec, current.get(spec.name))))
        except ReviewError:  # the current value cannot be shown in the form: anything typed is a change
            unchanged = False
        if not unchanged:
            changes[spec.name] = value
    return changes, errors
