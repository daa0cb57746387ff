"""Article pages: the article's own text (no menus, comments, share buttons) with its title and
publication date, by trafilatura, which scores a page's blocks for main content and reads dates
from its metadata and markup."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Article:
    text: str
    title: str | None
    date: str | None  # YYYY-MM-DD as trafilatura (htmldate) reads it


def read_article(html: bytes, url: str) -> Article | None:
    """The main text of an article page, or None when the page has none."""
    import trafilatura  # a second or two to import: only when an article is read

    found = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
    )  # fmt: skip
    if found is None or isinstance(found, dict):  # a dict only with as_dict=True, which is not asked
        return None
    text = (found.text or "").strip()
    if not text:
        return None
    return Article(text=text + "\n", title=found.title or None, date=found.date or None)
