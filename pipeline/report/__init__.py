"""The portfolio overview: computed from the store (`overview.py`), rendered by the same templates as
the review app's `/overview` page and as one self-contained HTML file (`render.py`, `taqrir report`)."""

from pipeline.report.overview import Overview, compute_overview
from pipeline.report.render import render_overview_page, write_report

__all__ = ["Overview", "compute_overview", "render_overview_page", "write_report"]
