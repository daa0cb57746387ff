"""Discovery: what each kind of source offers, without downloading the reports themselves.

One function per kind, registered by name in `DISCOVERERS` (`register_discoverer` adds a kind):
- `listing`: a page of links; links to report files (by suffix) are kept, relative links resolved
  by lxml against the page's address, and pages after it followed (rel="next" or a "next" link) up
  to the source's `depth`;
- `feed`: an RSS/Atom feed read by feedparser; an entry's link or enclosure to a report file is a
  file, any other entry link an article page;
- `article`: the page itself is the report (its main text is taken by `pipeline.sources.article`);
- `folder`: report files in a local or mounted folder.
Links to hosts the source does not allow are reported as skipped, never followed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal
from urllib.parse import unquote, urldefrag, urlsplit

import feedparser
import lxml.html

from pipeline.sources.client import Client, FetchError
from pipeline.sources.config import Source

ItemKind = Literal["file", "article"]


@dataclass
class Item:
    """One report a source offers: a file to download or an article page to read."""

    url: str
    kind: ItemKind = "file"
    title: str | None = None
    published: str | None = None
    found_on: str | None = None  # the listing page or feed that linked to it


@dataclass
class Discovery:
    items: list[Item] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    pages: list[str] = field(default_factory=list)  # listing pages / feeds read
    error: str | None = None  # the source itself could not be read

    def add(self, item: Item) -> None:
        if all(known.url != item.url for known in self.items):
            self.items.append(item)


Discoverer = Callable[[Source, Client], Discovery]


def url_suffix(url: str) -> str:
    return PurePosixPath(unquote(urlsplit(url).path)).suffix.lower()


def _allowed(source: Source, url: str, found: Discovery) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host in source.hosts:
        return True
    found.skipped.append((url, f"{host} is not an allowed host of this source (allow_hosts)"))
    return False


def discover_listing(source: Source, client: Client) -> Discovery:
    found = Discovery()
    page_url: str | None = source.url
    seen: set[str] = set()
    while page_url and page_url not in seen and len(found.pages) < source.depth:
        seen.add(page_url)
        try:
            answer = client.get(page_url, source.hosts)
        except FetchError as exc:
            if not found.pages:
                found.error = f"{page_url}: {exc}"
            else:
                found.skipped.append((page_url, f"listing page not read: {exc}"))
            break
        found.pages.append(page_url)
        page_url = _read_listing(source, answer.data, answer.url, found)
    return found


def _read_listing(source: Source, data: bytes, base_url: str, found: Discovery) -> str | None:
    """Collect the report links of one listing page; returns the next page's address, if any."""
    if not data.strip():
        return None
    tree = lxml.html.fromstring(data, base_url=base_url)
    tree.make_links_absolute(base_url, resolve_base_href=True, handle_failures="discard")
    next_words = {word.casefold() for word in source.next_page}
    selected = tree.xpath(source.links_within) if source.links_within else [tree]
    scopes = [e for e in selected if isinstance(e, lxml.html.HtmlElement)] if isinstance(selected, list) else []
    for scope in scopes:
        for element in scope.iter("a"):
            href = _http_link(element)
            if not href or _is_next(element, next_words) or url_suffix(href) not in source.suffixes:
                continue
            if _allowed(source, href, found):
                kind: ItemKind = "article" if url_suffix(href) in (".html", ".htm") else "file"
                title = " ".join(element.text_content().split()) or None
                found.add(Item(href, kind, title=title, found_on=base_url))
    # the pager may lie outside the elements of `links_within`: it is looked for on the whole page
    for element in tree.iter("a", "link"):
        href = _http_link(element)
        if href and _is_next(element, next_words) and (urlsplit(href).hostname or "").lower() in source.hosts:
            return href
    return None


def _http_link(element: lxml.html.HtmlElement) -> str | None:
    href = element.get("href")
    if not href or urlsplit(href).scheme not in ("http", "https"):
        return None
    return urldefrag(href).url


def _is_next(element: lxml.html.HtmlElement, next_words: set[str]) -> bool:
    """A link to the next page of a listing: rel="next", or a link whose whole text is a "next" word."""
    if "next" in (element.get("rel") or "").lower().split():
        return True
    return element.tag == "a" and " ".join(element.text_content().split()).casefold() in next_words


def discover_feed(source: Source, client: Client) -> Discovery:
    found = Discovery()
    assert source.url is not None
    try:
        answer = client.get(source.url, source.hosts)
    except FetchError as exc:
        found.error = f"{source.url}: {exc}"
        return found
    found.pages.append(source.url)
    feed = feedparser.parse(answer.data, response_headers={"content-location": answer.url})
    if not feed.entries and feed.bozo:
        found.error = f"{source.url}: not a readable RSS/Atom feed ({feed.get('bozo_exception')})"
        return found
    for entry in feed.entries:
        title, published = entry.get("title"), entry.get("published") or entry.get("updated")
        links = [e.get("href") for e in entry.get("enclosures", [])] + [entry.get("link")]
        files = [href for href in links if href and url_suffix(href) in set(source.suffixes) - {".html", ".htm"}]
        for href in files:
            if _allowed(source, href, found):
                found.add(Item(href, "file", title=title, published=published, found_on=source.url))
        link = entry.get("link")
        if not files and link and source.articles and _allowed(source, link, found):
            found.add(Item(link, "article", title=title, published=published, found_on=source.url))
    return found


def discover_article(source: Source, client: Client) -> Discovery:
    assert source.url is not None
    return Discovery(items=[Item(source.url, "article")])


def discover_folder(source: Source, client: Client) -> Discovery:
    assert source.path is not None
    folder = Path(source.path)
    if not folder.is_dir():
        return Discovery(error=f"{folder}: no such folder (is it mounted?)")
    suffixes = set(source.suffixes) | {".txt"}
    files = sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in suffixes and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )  # fmt: skip
    return Discovery(items=[Item(p.resolve().as_uri(), "file") for p in files], pages=[str(folder)])


DISCOVERERS: dict[str, Discoverer] = {
    "listing": discover_listing,
    "feed": discover_feed,
    "article": discover_article,
    "folder": discover_folder,
}


def register_discoverer(kind: str, discoverer: Discoverer) -> None:
    DISCOVERERS[kind] = discoverer


def discover(source: Source, client: Client) -> Discovery:
    if source.kind not in DISCOVERERS:
        return Discovery(error=f"unknown kind of source {source.kind!r} (known: {', '.join(sorted(DISCOVERERS))})")
    return DISCOVERERS[source.kind](source, client)
