"""OCR of scanned PDF pages with the Tesseract command line and its Arabic model.

Used only for pages whose text layer cannot be read (scans, glyphs without Unicode mapping: see
`pdf_quality.py`). The page is rendered with pypdfium2 at 300 dpi and read with
`tesseract - - -l ara+fra+eng --psm 6` (French and English when their models are installed:
Moroccan reports mix them with Arabic); nothing is installed from Python (no pytesseract).
When `tesseract` or its `ara` model is missing, `available()` is False and the PDF reader
returns the document with status `needs_ocr` and the page numbers instead.

Tesseract's output carries bidi marks (U+200E/U+200F) around Latin runs and mirrored brackets
(`)5 ماي 2026(`): marks are dropped and brackets turned to face their content.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from functools import lru_cache

from pipeline.load.bidi import fix_brackets
from pipeline.model import BlockKind

DPI = 300
TIMEOUT_S = 120


LANGUAGES = ("ara", "fra", "eng")  # Arabic is required; the others are used when installed
BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


@lru_cache(maxsize=1)
def installed_languages() -> tuple[str, ...]:
    """The models `tesseract --list-langs` reports (empty when Tesseract is missing or disabled)."""
    if os.environ.get("TAQRIR_NO_OCR"):
        return ()
    exe = shutil.which("tesseract")
    if not exe:
        return ()
    try:
        proc = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(line.strip() for line in (proc.stdout + proc.stderr).splitlines() if line.strip())


def available() -> bool:
    """Tesseract is on PATH and knows Arabic (`ara` in `tesseract --list-langs`)."""
    return "ara" in installed_languages()


def languages() -> str:
    """`ara+fra+eng`, or as much of it as is installed."""
    have = installed_languages()
    return "+".join(lang for lang in LANGUAGES if lang in have) or "ara"


def ocr_image(png: bytes) -> str:
    """Text of an image (PNG bytes) read by Tesseract in Arabic (and French/English), logical order."""
    # One thread: Tesseract's OpenMP threads are slower than one on two shared cores (8 s vs 27 s a page).
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    proc = subprocess.run(
        ["tesseract", "-", "-", "-l", languages(), "--psm", "6", "--dpi", str(DPI)],
        input=png, capture_output=True, timeout=TIMEOUT_S, check=False, env=env,
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
    for line in text.replace("\f", "\n").translate(BIDI_MARKS).split("\n"):
        line = fix_brackets(" ".join(line.split()))
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
