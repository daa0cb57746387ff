"""How much one document may make taqrir read, inflate and hold: every bound in one place.

A hostile or broken file must not sink a batch: a 777 KB `.docx` whose XML inflates to 200 million
characters, a PDF declaring a million pages, a text file of gigabytes. Every reader checks the bound
that applies to it BEFORE doing the expensive work (reading, inflating, parsing) and raises a
`LimitExceeded` (a `LoadError`) naming the bound, so the document comes back with status `error`
and a plain reason while the rest of the batch goes on.

Long texts within the bounds are not refused: extraction runs over parts of at most `part_chars`
characters (cut at paragraph or sentence boundaries, offsets kept exact), so memory follows the
part's length, not the report's.

Every bound has a default and an environment variable (a plain number of bytes, characters or pages;
`K`, `M`, `G` suffixes count in 1024s for bytes and 1000s otherwise, `_` separators allowed):

| bound | variable | default |
|---|---|---|
| file size on disk | `TAQRIR_MAX_FILE_BYTES` | 256 MiB |
| text of a document (characters, any format) | `TAQRIR_MAX_TEXT_CHARS` | 40 million |
| HTML page | `TAQRIR_MAX_HTML_BYTES` | 32 MiB |
| one zip member inflated (.docx), declared and actual | `TAQRIR_MAX_ZIP_MEMBER_BYTES` | 64 MiB |
| one XML part inflated (.docx), declared and actual | `TAQRIR_MAX_XML_BYTES` | 64 MiB |
| all zip members inflated together | `TAQRIR_MAX_ZIP_TOTAL_BYTES` | 256 MiB |
| zip members | `TAQRIR_MAX_ZIP_MEMBERS` | 10,000 |
| PDF pages | `TAQRIR_MAX_PDF_PAGES` | 2,000 |
| characters extracted at once (a part) | `TAQRIR_PART_CHARS` | 250,000 |

Library users pass their own with `with applied(Limits(max_pdf_pages=50)): ...`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace

from pipeline.load.errors import LimitExceeded

MIB = 1024 * 1024
ENV_PREFIX = "TAQRIR_"
_AMOUNT = re.compile(r"^\s*(\d[\d_]*)\s*([KMG])?i?B?\s*$", re.IGNORECASE)
_BYTE_SCALE = {"K": 1024, "M": 1024**2, "G": 1024**3}
_COUNT_SCALE = {"K": 1000, "M": 1000**2, "G": 1000**3}


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 256 * MIB
    max_text_chars: int = 40_000_000
    max_html_bytes: int = 32 * MIB
    max_zip_member_bytes: int = 64 * MIB
    max_xml_bytes: int = 64 * MIB
    max_zip_total_bytes: int = 256 * MIB
    max_zip_members: int = 10_000
    max_pdf_pages: int = 2_000
    part_chars: int = 250_000

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Limits:
        """The defaults, with every bound a `TAQRIR_<NAME>` variable sets replaced (a wrong value is
        an error that says which variable, not a silent default)."""
        environ = dict(os.environ) if environ is None else environ
        changes: dict[str, int] = {}
        for item in fields(cls):
            variable = ENV_PREFIX + item.name.upper()
            if variable in environ:
                changes[item.name] = parse_amount(environ[variable], variable, in_bytes=item.name.endswith("_bytes"))
        return replace(cls(), **changes)

    def over(self, name: str, found: int, what: str, counted_to_limit: bool = False) -> str | None:
        """The plain reason when `found` is over the bound `name` (`what` says what was measured), else
        None. `counted_to_limit`: counting stopped past the bound, so `found` is a floor, not the size."""
        bound = getattr(self, name)
        if found <= bound:
            return None
        if name.endswith("_bytes"):
            shown, limit = _human(found), _human(bound)
        else:
            unit = {"pages": " pages", "members": " members", "chars": " characters"}.get(name.rsplit("_", 1)[-1], "")
            shown, limit = f"{found:,}{unit}", f"{bound:,}{unit}"
        size = f"more than the limit of {limit}" if counted_to_limit else f"{shown}, over the limit of {limit}"
        return f"too large to process: {what} is {size} (set {ENV_PREFIX}{name.upper()} to raise it)"

    def check(self, name: str, found: int, what: str, counted_to_limit: bool = False) -> None:
        """Raise `LimitExceeded` with the reason when `found` is over the bound `name`."""
        reason = self.over(name, found, what, counted_to_limit)
        if reason is not None:
            raise LimitExceeded(reason)


def parse_amount(value: str, variable: str, in_bytes: bool) -> int:
    match = _AMOUNT.match(value)
    if match is None or int(match.group(1).replace("_", "")) <= 0:
        raise ValueError(f"{variable}={value!r}: expected a positive whole number (with an optional K, M or G)")
    number = int(match.group(1).replace("_", ""))
    suffix = (match.group(2) or "").upper()
    return number * ((_BYTE_SCALE if in_bytes else _COUNT_SCALE).get(suffix, 1))


def _human(size: int) -> str:
    return f"{size:,} bytes ({size / MIB:,.1f} MiB)" if size >= MIB else f"{size:,} bytes"


_ACTIVE: ContextVar[Limits | None] = ContextVar("taqrir_limits", default=None)


def current() -> Limits:
    """The limits in force: those `applied` set, else the environment's (read at every call, so a
    worker process and a changed variable are seen)."""
    return _ACTIVE.get() or Limits.from_env()


@contextmanager
def applied(limits: Limits) -> Iterator[Limits]:
    """Run the enclosed loading and extraction under `limits`."""
    token = _ACTIVE.set(limits)
    try:
        yield limits
    finally:
        _ACTIVE.reset(token)


__all__ = ["LimitExceeded", "Limits", "applied", "current"]
