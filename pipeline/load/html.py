"""HTML: whole web pages (`.html`/`.htm`) and HTML fragments pasted inside text reports.

A page is reduced to its main content (`<main>`, `<article>`, or the body without navigation,
headers, footers, share widgets and forms) and read into headings, paragraphs, list items and
tables. The same walker turns a fragment such as `<p>...</p> <ul><li>...</li></ul>` found in a
table cell of a text report into text pieces, so markup is never shown or stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Doctype, ProcessingInstruction

from pipeline.load.builder import DocumentBuilder
from pipeline.load.errors import LoadError
from pipeline.model import BlockKind

Piece = tuple[BlockKind, Any]  # ("table", rows of cell texts) or (kind, text)

DROP_TAGS = ["script", "style", "noscript", "template", "svg", "iframe", "form", "button", "select", "input"]
BOILERPLATE_TAGS = ["nav", "header", "footer", "aside"]
BOILERPLATE_HINT = re.compile(
    r"(^|[-_ ])(nav|navbar|menu|footer|header|sidebar|share|sharing|social|breadcrumbs?|cookie|comments?|"
    r"related|widget|pagination|advert|ads)([-_ ]|$)",
    re.IGNORECASE,
)
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LISTS = {"ul", "ol"}
BLOCK_TAGS = HEADINGS | LISTS | {
    "p", "div", "section", "article", "main", "li", "table", "blockquote", "pre", "figure",
    "figcaption", "dl", "dt", "dd", "address", "center", "body", "html",
}  # fmt: skip
TAG_PATTERN = re.compile(r"</?\s*(p|ul|ol|li|br|div|span|strong|b|i|em|a|u|table|tr|td|th|h[1-6]|font)\b[^>]*>", re.I)
# Bullets written as text inside a list that has no <li> ("<ul> - one - two</ul>", "• one• two").
INLINE_BULLET = re.compile(r"(?:^|\s)[-–•■▪●◦]\s+|•")
WHITESPACE = re.compile(r"[ \t\r\f\v\u00a0]+")


def looks_like_html(text: str) -> bool:
    return TAG_PATTERN.search(text) is not None


def clean_inline(text: str) -> str:
    """Collapse runs of spaces; keep line breaks that came from <br>."""
    lines = [WHITESPACE.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def split_inline_bullets(text: str) -> list[str]:
    """'• a• b' or ' - a - b' written on one line: one string per item."""
    parts = [p.strip() for p in INLINE_BULLET.split(text)]
    return [p for p in parts if p]


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in BOILERPLATE_TAGS:
        return True
    if tag.get("role") in ("navigation", "banner", "contentinfo", "complementary", "search"):
        return True
    hint = " ".join([str(tag.get("id") or ""), *map(str, tag.get("class") or [])])
    return bool(hint) and BOILERPLATE_HINT.search(hint) is not None


def _text_of(node: Tag | NavigableString) -> str:
    if isinstance(node, NavigableString):
        return str(node)
    parts: list[str] = []
    for child in node.descendants:
        if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag) and child.name == "br" or isinstance(child, Tag) and child.name in BLOCK_TAGS and parts:
            parts.append("\n")
    return clean_inline("".join(parts))


def _has_block_children(tag: Tag) -> bool:
    return any(isinstance(c, Tag) and c.name in BLOCK_TAGS for c in tag.descendants)


def _table_rows(table: Tag) -> list[list[str]]:
    rows: list[list[str]] = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        cells = [cell_text(cell) for cell in tr.find_all(["td", "th"], recursive=False)]
        if cells:
            rows.append(cells)
    return rows


def cell_text(cell: Tag) -> str:
    """A table cell's content as text: its paragraphs on separate lines, list items bulleted."""
    lines: list[str] = []
    for kind, text in _walk(cell):
        if kind == "table":
            lines.extend("\t".join(row) for row in text)
        elif kind == "list_item":
            lines.append(f"• {text}")
        else:
            lines.append(str(text))
    return "\n".join(lines)


def _walk(node: Tag) -> Iterator[Piece]:
    """Yield the blocks under `node` in document order."""
    inline: list[str] = []

    def flush() -> Iterator[Piece]:
        text = clean_inline("".join(inline))
        inline.clear()
        if text:
            yield "paragraph", text

    for child in node.children:
        if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            inline.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            inline.append("\n")
        elif name not in BLOCK_TAGS:
            inline.append(_text_of(child) if not _has_block_children(child) else "")
            if _has_block_children(child):
                yield from flush()
                yield from _walk(child)
        elif name in HEADINGS:
            yield from flush()
            if text := _text_of(child):
                yield "heading", text
        elif name in LISTS:
            yield from flush()
            yield from _list_items(child)
        elif name == "li":
            yield from flush()
            yield from _list_item(child)
        elif name == "table":
            yield from flush()
            caption = child.find("caption")
            in_this_table = isinstance(caption, Tag) and caption.find_parent("table") is child
            if in_this_table and (text := _text_of(caption)):  # type: ignore[arg-type]
                yield "paragraph", text  # the caption comes just before its table, as in print
            rows = _table_rows(child)
            if rows:
                yield "table", rows
        elif _has_block_children(child):
            yield from flush()
            yield from _walk(child)
        else:
            yield from flush()
            if text := _text_of(child):
                yield "paragraph", text
    yield from flush()


def _list_item(li: Tag) -> Iterator[Piece]:
    nested = [c for c in li.find_all(list(LISTS) + ["table"]) if isinstance(c, Tag)]
    if not nested:
        if text := _text_of(li):
            yield "list_item", text
        return
    own = "".join(_text_of(c) if isinstance(c, Tag) else str(c) for c in li.children if c not in nested)
    if own := clean_inline(own):
        yield "list_item", own
    for child in nested:
        if child.find_parent("li") is li:
            yield from _walk_single(child)


def _walk_single(tag: Tag) -> Iterator[Piece]:
    if tag.name in LISTS:
        yield from _list_items(tag)
    elif tag.name == "table":
        rows = _table_rows(tag)
        if rows:
            yield "table", rows


def _list_items(list_tag: Tag) -> Iterator[Piece]:
    items = list_tag.find_all("li", recursive=False)
    if items:
        for li in items:
            yield from _list_item(li)
        return
    # A list written as text: "<ul> - first - second</ul>".
    for item in split_inline_bullets(_text_of(list_tag).replace("\n", " ")):
        yield "list_item", item


def fragment_pieces(markup: str) -> list[Piece]:
    """Blocks of an HTML fragment found inside a text report."""
    soup = BeautifulSoup(f"<div>{markup}</div>", "lxml")
    root = soup.find("div")
    assert isinstance(root, Tag)
    return list(_walk(root))


def fragment_text(markup: str) -> str:
    """An HTML fragment as plain text (paragraphs on their own lines, list items bulleted)."""
    soup = BeautifulSoup(f"<div>{markup}</div>", "lxml")
    root = soup.find("div")
    assert isinstance(root, Tag)
    return cell_text(root)


def _main_content(soup: BeautifulSoup) -> Tag:
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if isinstance(tag, Tag) and not tag.decomposed and tag.name not in ("html", "body") and _is_boilerplate(tag):
            tag.decompose()
    candidates = soup.find_all(["main", "article"]) or soup.find_all(True, attrs={"role": "main"})
    if candidates:
        best = max(candidates, key=lambda t: len(t.get_text(strip=True)))
        if best.get_text(strip=True):
            return best
    return soup.body or soup


def load_html_into(builder: DocumentBuilder, data: bytes | str) -> None:
    """Read a whole web page into `builder`."""
    soup = BeautifulSoup(data, "lxml")
    title = soup.title.get_text(strip=True) if soup.title else ""
    root = _main_content(soup)
    pieces = list(_walk(root))
    if not any(kind != "heading" or text for kind, text in pieces) and not title:
        raise LoadError("the HTML page has no readable text")
    if title and not any(kind == "heading" for kind, _ in pieces[:3]):
        builder.add("heading", title)
    emit_pieces(builder, pieces)


def emit_pieces(builder: DocumentBuilder, pieces: list[Piece]) -> None:
    for kind, content in pieces:
        if kind == "table":
            builder.add_table(content, has_header=detect_header(content))
        else:
            builder.add(kind, str(content))


NUMBERISH = re.compile(r"^[\s\d٠-٩.,٫٬%()\-–/]+$")


def detect_header(rows: list[list[str]]) -> bool:
    """The first row is a header when it is short labels and other rows follow."""
    if len(rows) < 2:
        return False
    first = rows[0]
    return all(len(cell) <= 100 and len(cell.split()) <= 12 and not (cell and NUMBERISH.match(cell)) for cell in first)
