"""OCR of scanned PDF pages with the Tesseract command line and its Arabic model.

Used only for pages without a text layer. The page is rendered with pypdfium2 at 300 dpi and
read with `tesseract - - -l ara --psm 6`; nothing is installed from Python (no pytesseract).
When `tesseract` or its `ara` model is missing, `available()` is False and the PDF reader
returns the document with status `needs_ocr` and the page numbers instead.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from functools import lru_cache

from pipeline.model import BlockKind

DPI = 300
TIMEOUT_S = 120


@lru_cache(maxsize=1)
def available() -> bool:
    """Tesseract is on PATH and knows Arabic (`ara` in `tesseract --list-langs`)."""
    if os.environ.get("TAQRIR_NO_OCR"):
        return False
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        proc = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    langs = {line.strip() for line in (proc.stdout + proc.stderr).splitlines()}
    return "ara" in langs


def ocr_image(png: bytes) -> str:
    """Text of an image (PNG bytes) read by Tesseract in Arabic, logical order."""
    proc = subprocess.run(
        ["tesseract", "-", "-", "-l", "ara", "--psm", "6", "--dpi", str(DPI)],
        input=png, capture_output=True, timeout=TIMEOUT_S, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode("utf-8", "replace").strip() or "tesseract failed")
    return proc.stdout.decode("utf-8", "replace")


def ocr_pdf_page(pdf, index: int, drop_line=None) -> list[tuple[BlockKind, str]]:
    """Blocks (paragraphs split on blank lines) read from page `index` of a pypdfium2 document;
    lines for which `drop_line(line)` is true (page numbers, footers) are left out."""
    page = pdf[index]
    try:
        image = page.render(scale=DPI / 72, grayscale=True).to_pil()
    finally:
        page.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    text = ocr_image(buffer.getvalue())
    blocks: list[tuple[BlockKind, str]] = []
    paragraph: list[str] = []
    for line in text.replace("\f", "\n").split("\n"):
        line = " ".join(line.split())
        if line and drop_line is not None and drop_line(line):
            continue
        if line:
            paragraph.append(line)
        elif paragraph:
            blocks.append(("paragraph", " ".join(paragraph)))
            paragraph = []
    if paragraph:
        blocks.append(("paragraph", " ".join(paragraph)))
    return blocks
