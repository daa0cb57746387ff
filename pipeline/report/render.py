"""The overview as HTML: the templates of `templates/` (shared with the review app, which adds its
page frame around `_overview.html`), and the static report, one file that opens offline.

Charts are SVG written by the templates from the computed bars: the browser lays out and shapes the
Arabic labels itself (right to left, letters joined), each bar is a link (in the app, to the review
list showing its records; in the file, to the list of its records further down the page), and no
script runs, so the app's Content-Security-Policy (no inline script or style) holds and the file needs
nothing but itself: its CSS is written into it and its font embedded as a data URI.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pipeline.report.numbers import group_digits
from pipeline.report.overview import FLAGS, Bar, Overview

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"
STYLESHEET = ASSETS / "overview.css"
# The Arabic font the review app ships (SIL Open Font License): embedded whole in the static report.
FONT = Path(__file__).resolve().parent.parent / "web" / "static" / "fonts" / "NotoNaskhArabic-Regular.ttf"

STATUS_NAMES = {"pending": "في الانتظار", "accepted": "مقبول", "rejected": "مرفوض"}
FLAG_NAMES = {
    "totals_mismatch": "مجاميع لا تطابق مجموع الأسطر", "review_conflict": "تعارض بين المراجعة واستخراج أحدث",
    "no_period": "دون فترة", "end_before_start": "نهاية قبل البداية", "amount_without_currency": "مبلغ دون عملة",
}  # fmt: skip
DIMENSION_NAMES = {"funder": "المبالغ حسب الممول", "year": "المبالغ حسب السنة", "region": "المبالغ حسب الجهة"}
assert set(FLAG_NAMES) == set(FLAGS)


def query(params: dict[str, Any], **changes: Any) -> str:
    """A query string of `params` with `changes` applied; empty values are left out."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def configure(environment: Environment) -> Environment:
    """The filters and names the overview templates use (the review app's environment gets them too)."""
    environment.filters.update(digits=group_digits, status_name=lambda s: STATUS_NAMES.get(s, s))
    environment.globals.update(query=query, STATUS_NAMES=STATUS_NAMES, FLAG_NAMES=FLAG_NAMES,
                               DIMENSION_NAMES=DIMENSION_NAMES)  # fmt: skip
    return environment


environment = configure(Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                                    trim_blocks=True, lstrip_blocks=True))  # fmt: skip


class AppLinks:
    """Where the overview links to inside the review app: bars and flags open the review list."""

    standalone = False

    def bar(self, bar: Bar) -> str:
        return f"/records?{query(bar.filters)}"

    def record(self, record_id: str) -> str:
        return f"/records/{record_id}"

    def status(self, status: str) -> str:
        return f"/records?{query({'status': status})}"

    def flag(self, flag: str) -> str:
        return f"/records?{query({'flag': flag, 'counted': 1})}"


class FileLinks:
    """Where the static report links to: places of the file itself (a bar's records are listed below
    the charts, every record in the table at the end)."""

    standalone = True

    def bar(self, bar: Bar) -> str:
        return f"#{bar_anchor(bar)}"

    def record(self, record_id: str) -> str:
        return f"#{record_id}"

    def status(self, status: str) -> str:
        return "#records"

    def flag(self, flag: str) -> str:
        return f"#flag-{flag}"


def bar_anchor(bar: Bar) -> str:
    """The id of a bar's list of records in the static report: one per chart and bar (its filters),
    ASCII whatever the funder's or region's name (a fragment with spaces or Arabic is fragile)."""
    return "bar-" + hashlib.sha1(json.dumps(bar.filters, sort_keys=True).encode()).hexdigest()[:12]


def context(overview: Overview, links: AppLinks | FileLinks) -> dict[str, Any]:
    return {"overview": overview, "links": links, "bar_anchor": bar_anchor}


def render_overview_page(render: Callable[..., Any], overview: Overview) -> Any:
    """The app's page: `render(template, **context)` is the app's renderer (frame, user, CSRF)."""
    return render("overview.html", **context(overview, AppLinks()))


def report_html(overview: Overview, generated_at: datetime | None = None, source: str = "") -> str:
    """The static report: one HTML document with its CSS, font and charts inside."""
    font = base64.b64encode(FONT.read_bytes()).decode("ascii") if FONT.exists() else ""
    generated = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    return environment.get_template("report.html").render(
        stylesheet=STYLESHEET.read_text(encoding="utf-8"), font=font, generated=generated, source=source,
        **context(overview, FileLinks()),
    )  # fmt: skip


def write_report(overview: Overview, path: Path, source: str = "") -> Path:
    """Write the static report to `path` (through a temporary file: never half a file)."""
    from pipeline.files import atomic_write

    page = report_html(overview, source=source)

    def write(tmp: Path) -> None:
        tmp.write_text(page, encoding="utf-8")

    atomic_write(path, write)
    return path
