"""The state of a record list (filters, order, page) as it travels in query strings: from the list to
a record page and on to the next record, so that "next" means the next one of the list in view."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pipeline.store import STATUSES
from pipeline.store.browse import NO_YEAR, RECORD_FILTERS
from pipeline.store.core import ORDERS

FILTERS = RECORD_FILTERS
# The filters only the overview's bars set (no control of their own in the list's form): shown above
# the list with their meaning, and kept by the form.
OVERVIEW_FILTERS = {"funder_key": "الممول", "currency": "العملة", "amount_year": "سنة المبلغ", "region": "الجهة",
                    "counted": "دون المرفوضة"}  # fmt: skip
ORDER_NAMES = {
    "document": "ترتيب الوثائق", "-confidence": "الثقة: الأعلى أولا", "confidence": "الثقة: الأدنى أولا",
    "updated": "آخر تعديل أولا", "name": "الاسم", "teaching": "ما يعلّم النموذج أكثر أولا (غير مؤكد أو متعارض)",
}  # fmt: skip
assert set(ORDER_NAMES) == set(ORDERS)


@dataclass
class ListState:
    filters: dict[str, Any] = field(default_factory=dict)
    order: str = "document"
    page: int = 1

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> ListState:
        """The list a query string asks for; values that cannot be right (a status not in the store,
        a year that is not a number) are dropped rather than refused."""
        filters: dict[str, Any] = {}
        for name in FILTERS:
            value = (params.get(name) or "").strip()
            if not value:
                continue
            if name == "status" and value not in STATUSES:
                continue
            if name == "year":
                if not (value.isdigit() and len(value) == 4):
                    continue
                filters[name] = int(value)
                continue
            if name == "amount_year" and not (value == NO_YEAR or (value.isdigit() and len(value) == 4)):
                continue
            filters[name] = value
        order = params.get("order") or "document"
        page = params.get("page") or "1"
        return cls(filters, order if order in ORDERS else "document", int(page) if page.isdigit() and int(page) > 0 else 1)

    def params(self, page: bool = True) -> dict[str, Any]:
        """The state as query parameters (without the page for a record page's links)."""
        found = {**self.filters, **({"order": self.order} if self.order != "document" else {})}
        return {**found, "page": self.page} if page and self.page > 1 else found

    def without(self, name: str) -> dict[str, Any]:
        return {k: v for k, v in self.filters.items() if k != name}
