"""Loading: any supported file in, a `Document` out (text, blocks, pages, status).

One module per format registers a reader in `READERS`. A file that cannot be read never raises:
it comes back as a `Document` with status `error` and a reason, so a batch goes on. Every reader
bounds what it reads and inflates (`pipeline.limits`): a file, a zip member, an XML part, an HTML
page, a PDF's pages or a text over its bound is an error naming the bound, found before the work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline import limits
from pipeline.digest import file_sha256, sha256_of
from pipeline.load.builder import DocumentBuilder
from pipeline.load.docx import read_docx
from pipeline.load.errors import LimitExceeded, LoadError, NeedsOCR
from pipeline.load.html import load_html_into
from pipeline.load.pdf import read_pdf
from pipeline.load.text import decode_bytes, read_text_into
from pipeline.model import Document, DocumentFormat

Reader = Callable[[DocumentBuilder, bytes, Path], None]


def _read_txt(builder: DocumentBuilder, data: bytes, path: Path) -> None:
    text = decode_bytes(data)
    limits.current().check("max_text_chars", len(text), "the text")  # before it is cut into blocks
    read_text_into(builder, text)


def _read_html(builder: DocumentBuilder, data: bytes, path: Path) -> None:
    if not data.strip():
        raise LoadError("the file is empty")
    limits.current().check("max_html_bytes", len(data), "the HTML page")  # a parsed tree is ~10x the bytes
    load_html_into(builder, data)


READERS: dict[str, tuple[DocumentFormat, Reader]] = {
    ".txt": ("txt", _read_txt),
    ".text": ("txt", _read_txt),
    ".html": ("html", _read_html),
    ".htm": ("html", _read_html),
    ".pdf": ("pdf", read_pdf),
    ".docx": ("docx", read_docx),
}


def register_reader(suffix: str, fmt: DocumentFormat, reader: Reader) -> None:
    """Make `load_document` read files ending in `suffix` with `reader`."""
    READERS[suffix.lower()] = (fmt, reader)


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def load_bytes(data: bytes, path: str | Path) -> Document:
    """Load a report from its bytes; `path` gives the name (and so the format)."""
    path = Path(path)
    sha = sha256_of(data)
    entry = READERS.get(path.suffix.lower())
    if entry is None:
        known = ", ".join(supported_suffixes())
        return Document(
            path=str(path), sha256=sha, status="error",
            error=f"unsupported format {path.suffix or '(no extension)'!r}; taqrir reads {known}",
        )  # fmt: skip
    fmt, reader = entry
    builder = DocumentBuilder()
    bounds = limits.current()
    try:
        bounds.check("max_file_bytes", len(data), "the file")
        reader(builder, data, path)
    except NeedsOCR as exc:
        builder.end_page()
        return Document(
            path=str(path), sha256=sha, format=fmt, status="needs_ocr", error=str(exc),
            text=builder.text, blocks=builder.blocks, page_spans=builder.pages,
            pages=len(builder.pages) or None, needs_ocr_pages=exc.pages,
        )  # fmt: skip
    except LoadError as exc:
        return Document(path=str(path), sha256=sha, format=fmt, status="error", error=str(exc))
    builder.end_page()
    too_long = bounds.over("max_text_chars", builder.length, "the text read from the file")  # e.g. a PDF of long pages
    if too_long:
        return Document(path=str(path), sha256=sha, format=fmt, status="error", error=too_long)
    text = builder.text
    if not text.strip():
        return Document(path=str(path), sha256=sha, format=fmt, status="error", error="no text found in the file")
    return Document(
        path=str(path), sha256=sha, format=fmt, text=text, blocks=builder.blocks,
        page_spans=builder.pages, pages=len(builder.pages) or None,
    )  # fmt: skip


def load_document(path: str | Path) -> Document:
    """Load the report at `path`. Never raises for bad content: see `Document.status`."""
    path = Path(path)
    try:
        too_large = limits.current().over("max_file_bytes", path.stat().st_size, "the file")
        if too_large:  # never read into memory: hashed in pieces
            entry = READERS.get(path.suffix.lower())
            return Document(path=str(path), sha256=file_sha256(path), format=entry[0] if entry else None,
                            status="error", error=too_large)  # fmt: skip
        data = path.read_bytes()
    except OSError as exc:
        return Document(path=str(path), sha256="", status="error", error=f"cannot read the file: {exc.strerror}")
    return load_bytes(data, path)


__all__ = ["LimitExceeded", "LoadError", "NeedsOCR", "file_sha256", "load_bytes", "load_document", "register_reader", "supported_suffixes"]
