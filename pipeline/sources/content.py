"""What a downloaded file really is: its first bytes against the format its name or Content-Type
promises, so an HTML error page served as `report.pdf` is rejected with the reason, not stored."""

from __future__ import annotations

import io
import zipfile

# first bytes of each format (the PDF header may follow a few junk bytes: PDF readers allow 1 KB)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc (Word 97-2003)
HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<div", b"<p")
CONTENT_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
}


def sniff(data: bytes) -> str | None:
    """The suffix of the format `data` is in (.pdf, .docx, .doc, .html), or None when unknown."""
    head = data[:1024]
    if b"%PDF-" in head:
        return ".pdf"
    if data.startswith(OLE2):
        return ".doc"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return ".docx" if "word/document.xml" in archive.namelist() else None
        except zipfile.BadZipFile:
            return None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml") and b"<html" in data[:4096].lower():
        return ".html"
    if any(text.startswith(marker) for marker in HTML_MARKERS):
        return ".html"
    return None


def suffix_of_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())


def check_content(data: bytes, expected: str, content_type: str | None) -> tuple[str | None, str | None]:
    """(the suffix to save under, None) when `data` is a report of the `expected` suffix; (None, reason) when not.

    `expected` comes from the link (its suffix); an HTML page is a valid answer only where one is expected."""
    found = sniff(data)
    expected = ".html" if expected == ".htm" else expected
    if found == expected:
        return found, None
    if found is None:
        return None, f"not a {expected[1:].upper()} file: its first bytes match no known report format (Content-Type {content_type or 'none'})"
    if found == ".html":
        return None, f"an HTML page (Content-Type {content_type or 'none'}) where a {expected[1:].upper()} file was expected: an error or login page?"
    return found, None  # a report in another format than its link says (a .doc that is a .docx): its true suffix
