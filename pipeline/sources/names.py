"""Safe, readable file names for downloads: the last segment of a URL's path, percent-decoded,
made a slug by python-slugify with Unicode kept (Arabic names stay Arabic), so no `..`, no slash,
no control character reaches the file system; names already taken get `-2`, `-3`, ..."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from slugify import slugify

MAX_STEM = 120


def file_name(url: str, suffix: str | None = None) -> str:
    """A file name for what `url` serves; `suffix` (e.g. ".pdf") replaces the URL's own when given."""
    parts = urlsplit(url)
    last = PurePosixPath(unquote(parts.path)).name
    stem, own_suffix = _split(last)
    slug = slugify(stem, allow_unicode=True, lowercase=False, max_length=MAX_STEM, separator="-")
    if not slug:  # "/", "/..", a name of punctuation only: a stable name from the URL itself
        slug = slugify(parts.hostname or "", allow_unicode=True) + "-" + hashlib.sha256(url.encode()).hexdigest()[:10]
    if parts.query:  # report.php?id=1 and ?id=2 are different reports
        slug += "-" + hashlib.sha256(parts.query.encode()).hexdigest()[:8]
    return slug + (suffix if suffix is not None else own_suffix)


def _split(name: str) -> tuple[str, str]:
    suffix = PurePosixPath(name).suffix.lower()
    if not suffix or not suffix[1:].isalnum() or len(suffix) > 6:
        return name, ""
    return name[: -len(suffix)], suffix


def free_path(folder: Path, name: str, taken: set[Path] = frozenset()) -> Path:  # type: ignore[assignment]
    """`folder/name`, or `folder/stem-2.suffix`, ... when that file exists (or is in `taken`)."""
    candidate = folder / name
    stem, suffix = _split(name)
    number = 1
    while candidate.exists() or candidate in taken:
        number += 1
        candidate = folder / f"{stem}-{number}{suffix}"
    return candidate


def inside(folder: Path, path: Path) -> bool:
    """Whether `path` lies in `folder` once both are resolved (a last guard against traversal)."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
