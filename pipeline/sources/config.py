"""The sources file (`sources.toml`): where reports appear and how politely to fetch them.

Parsed with `tomllib`, validated with pydantic: a wrong key or value is an error naming the file,
the source and the field. `[fetch]` holds the settings every source shares; each `[[source]]` is one
listing page, feed, article page or folder. See `sources.example.toml` and docs/sources.md.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import lxml.etree
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

DEFAULT_USER_AGENT = "taqrir/0.3 (report collector for public project records; +https://github.com/taqrir/taqrir)"
REPORT_SUFFIXES = (".pdf", ".docx", ".doc", ".html", ".htm")
# a listing page links to many .html pages (menus, news): they are reports only when asked (suffixes)
DEFAULT_SUFFIXES = (".pdf", ".docx", ".doc")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")  # a source's name is its folder under raw/


class SourcesError(ValueError):
    """A sources file that cannot be read or does not validate; the message names the file."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FetchSettings(Strict):
    """How every request is made. Times in seconds, sizes in bytes."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = Field(default=30.0, gt=0)
    retries: int = Field(default=3, ge=0)  # further tries after a failed one (connection errors, 5xx, 429)
    backoff: float = Field(default=2.0, ge=0)  # first wait between tries; doubles each time
    delay: float = Field(default=1.0, ge=0)  # polite pause between two requests to the same host
    max_bytes: int = Field(default=50 * 1024 * 1024, gt=0)
    respect_robots: bool = True


class Source(Strict):
    name: str
    kind: str  # listing | feed | article | folder (pipeline.sources.discover.DISCOVERERS)
    url: str | None = None  # listing, feed, article
    path: Path | None = None  # folder
    # hosts links may lead to; the source's own host is always allowed
    allow_hosts: list[str] = Field(default_factory=list)
    depth: int = Field(default=1, ge=1)  # listing pages read: the first one and the next ones it links to
    suffixes: list[str] = Field(default_factory=lambda: list(DEFAULT_SUFFIXES))
    # listing: only links inside the elements this XPath selects count (e.g. "//div[@id='reports']")
    links_within: str | None = None
    # listing: a link whose text or rel says "next" (also ›, », التالي) leads to the next page
    next_page: list[str] = Field(default_factory=lambda: ["next", "التالي", "»", "›", "الصفحة التالية"])
    # feed: entries whose link is a report file are downloaded; others are read as article pages
    articles: bool = True

    @field_validator("name")
    @classmethod
    def _folder_name(cls, value: str) -> str:
        if not NAME_PATTERN.match(value):
            raise ValueError("a name of letters, digits, '-', '_' or '.' (it is the folder under raw/)")
        return value

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        from pipeline.sources.discover import DISCOVERERS  # the registry (it imports this module)

        if value not in DISCOVERERS:
            raise ValueError(f"unknown kind {value!r} (known: {', '.join(sorted(DISCOVERERS))})")
        return value

    @field_validator("suffixes")
    @classmethod
    def _dotted(cls, values: list[str]) -> list[str]:
        return [v.lower() if v.startswith(".") else f".{v.lower()}" for v in values]

    @field_validator("links_within")
    @classmethod
    def _xpath(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                lxml.etree.XPath(value)
            except lxml.etree.XPathSyntaxError as exc:
                raise ValueError(f"not a valid XPath: {exc}") from None
        return value

    @field_validator("allow_hosts")
    @classmethod
    def _hosts(cls, values: list[str]) -> list[str]:
        return [v.lower().strip() for v in values]

    @model_validator(mode="after")
    def _where(self) -> Source:
        if self.kind == "folder":
            if self.path is None:
                raise ValueError("a folder source needs `path`")
        elif not self.url or urlsplit(self.url).scheme not in ("http", "https") or not urlsplit(self.url).hostname:
            raise ValueError(f"a {self.kind} source needs an http(s) `url`")
        return self

    @property
    def hosts(self) -> set[str]:
        own = urlsplit(self.url).hostname if self.url else None
        return {h for h in (own, *self.allow_hosts) if h}


class SourcesConfig(Strict):
    fetch: FetchSettings = Field(default_factory=lambda: FetchSettings())
    raw_dir: Path = Path("raw")  # downloads go to RAW_DIR/<source name>/
    source: list[Source] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> SourcesConfig:
        names = [s.name for s in self.source]
        doubles = sorted({n for n in names if names.count(n) > 1})
        if doubles:
            raise ValueError(f"source names must be unique: {', '.join(doubles)}")
        return self

    def named(self, name: str | None) -> list[Source]:
        if name is None:
            return list(self.source)
        chosen = [s for s in self.source if s.name == name]
        if not chosen:
            raise SourcesError(f"no source named {name!r} (known: {', '.join(s.name for s in self.source) or 'none'})")
        return chosen


def load_config(path: str | Path) -> SourcesConfig:
    """Read and validate a sources file; relative folder paths are taken from the file's folder."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesError(f"{path}: no such sources file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: not a valid TOML file: {exc}") from None
    try:
        config = SourcesConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{_where(data, e['loc'])}: {e['msg']}" for e in exc.errors())
        raise SourcesError(f"{path}: {problems}") from None
    for source in config.source:
        if source.path is not None and not source.path.is_absolute():
            source.path = path.parent / source.path
    return config


def _where(data: dict, loc: tuple) -> str:
    """`source 'name' > field` for an error's location, rather than `source.2.field`."""
    if len(loc) >= 2 and loc[0] == "source" and isinstance(loc[1], int):
        try:
            name = data["source"][loc[1]].get("name", f"#{loc[1] + 1}")
        except (IndexError, AttributeError, KeyError):
            name = f"#{loc[1] + 1}"
        return " > ".join([f"source {name!r}", *(str(part) for part in loc[2:])]) or "source"
    return " > ".join(str(part) for part in loc) or "file"
