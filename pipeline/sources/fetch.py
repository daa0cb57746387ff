"""Fetching: what the sources offer, compared with the fetch log, downloaded into RAW/<source>/.

Nothing is fetched or written twice: a known address is asked with its validators (a 304 costs
nothing), and a body whose sha256 is the one already written is not written again. Nothing already
in raw/ is lost: a file the log did not write is never touched (a download that would take its name
gets `-2`), and when a report changes its earlier version is moved to `RAW/<source>/.versions/`
(hidden folders are not processed) before the new one takes its place. Writes are atomic: a cut
connection or a crash leaves the old file or none, never half of one.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from pipeline.digest import file_sha256, sha256_of
from pipeline.files import write_bytes_atomic
from pipeline.sources.article import read_article
from pipeline.sources.client import Answer, Client, FetchError
from pipeline.sources.config import Source, SourcesConfig
from pipeline.sources.content import check_content, suffix_of_type
from pipeline.sources.discover import Discovery, Item, discover, url_suffix
from pipeline.sources.names import file_name, free_path, inside
from pipeline.sources.state import FetchLog, FetchState

OutcomeStatus = Literal["new", "changed", "unchanged", "known", "failed", "skipped"]
VERSIONS = ".versions"


@dataclass
class Outcome:
    url: str
    status: OutcomeStatus
    path: str | None = None
    reason: str | None = None


@dataclass
class SourceReport:
    source: str
    outcomes: list[Outcome] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    error: str | None = None  # the source itself could not be read

    def count(self, status: OutcomeStatus) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def as_dict(self) -> dict:
        counts = {status: self.count(status) for status in ("new", "changed", "unchanged", "known", "failed", "skipped")}
        return {"source": self.source, "error": self.error, "pages": self.pages, **counts,
                "outcomes": [o.__dict__ for o in self.outcomes]}  # fmt: skip


def fetch_from_file(sources_file: str | Path, log: FetchLog, name: str | None = None,
                    raw_dir: str | Path | None = None) -> list[SourceReport]:  # fmt: skip
    """`fetch_sources` with the sources file's settings: what `taqrir fetch` and the flows call."""
    from pipeline.sources.config import load_config

    return fetch_sources(load_config(sources_file), log, name=name, raw_dir=raw_dir)


def _now() -> datetime:
    return datetime.now(UTC)


def check_sources(config: SourcesConfig, log: FetchLog, name: str | None = None,
                  client: Client | None = None) -> list[SourceReport]:  # fmt: skip
    """What each source offers that was never fetched (`new`) or was (`known`); reports are not downloaded."""
    reports = []
    with _client(config, client) as http:
        for source in config.named(name):
            discovery = discover(source, http)
            report = _report(source, discovery)
            for item in discovery.items:
                state = log.fetch_state(source.name, item.url)
                refusal = http.robots_refusal(item.url) if source.kind != "folder" else None
                if refusal:
                    report.outcomes.append(Outcome(item.url, "skipped", reason=refusal))
                    continue
                if source.kind == "folder":
                    status: OutcomeStatus = _folder_status(item, state)
                else:
                    status = "known" if state is not None and state.sha256 else "new"
                report.outcomes.append(Outcome(item.url, status, state.path if state else None))
            reports.append(report)
    return reports


def fetch_sources(config: SourcesConfig, log: FetchLog, name: str | None = None, raw_dir: str | Path | None = None,
                  client: Client | None = None, now: Callable[[], datetime] = _now) -> list[SourceReport]:  # fmt: skip
    """Download what is new or changed into `raw_dir/<source>/` (default: the config's raw_dir)."""
    root = Path(raw_dir if raw_dir is not None else config.raw_dir)
    reports = []
    with _client(config, client) as http:
        for source in config.named(name):
            discovery = discover(source, http)
            report = _report(source, discovery)
            folder = root / source.name
            for item in discovery.items:
                refusal = http.robots_refusal(item.url) if source.kind != "folder" else None
                if refusal:  # the site's wish, not a failure
                    report.outcomes.append(Outcome(item.url, "skipped", reason=refusal))
                    continue
                report.outcomes.append(_fetch_item(source, item, http, log, folder, now, config.fetch.max_bytes))
            reports.append(report)
    return reports


def _client(config: SourcesConfig, client: Client | None) -> AbstractContextManager[Client]:
    """The caller's client, left open for them; or one for this call, closed at its end."""
    return nullcontext(client) if client is not None else Client(config.fetch)


def _report(source: Source, discovery: Discovery) -> SourceReport:
    report = SourceReport(source.name, pages=discovery.pages, error=discovery.error)
    report.outcomes.extend(Outcome(url, "skipped", reason=reason) for url, reason in discovery.skipped)
    return report


def _fetch_item(source: Source, item: Item, http: Client, log: FetchLog, folder: Path,
                now: Callable[[], datetime], max_bytes: int) -> Outcome:  # fmt: skip
    known = log.fetch_state(source.name, item.url)
    have = known if known is not None and known.sha256 else None
    state = (have or known or FetchState(source=source.name, url=item.url, kind=item.kind)).model_copy()
    state.title, state.published = item.title or state.title, item.published or state.published
    state.found_on, state.checked_at = item.found_on or state.found_on, now()
    try:
        if source.kind == "folder":
            answer = _read_local(item.url, have, max_bytes)
        else:
            answer = http.get(item.url, source.hosts, have.etag if have else None, have.last_modified if have else None)
        if answer.not_modified:
            state.error = None
            log.save_fetch_state(state)
            return Outcome(item.url, "unchanged", have.path if have else None)
        data, suffix = _content(item, answer, state)
    except FetchError as exc:
        state.error = str(exc)
        log.save_fetch_state(state)
        return Outcome(item.url, "failed", reason=str(exc))
    sha = sha256_of(data)
    state.final_url, state.etag, state.last_modified = answer.url, answer.etag, answer.last_modified
    state.content_type, state.error = answer.content_type, None
    if have is not None and have.sha256 == sha:
        log.save_fetch_state(state)
        return Outcome(item.url, "unchanged", have.path)
    twin = log.fetch_state_of_content(sha)  # the same report linked from two pages, or two sources
    if twin is not None and (twin.source, twin.url) != (source.name, item.url):
        # no path: the file is the twin's, and only the fetch that wrote a file may ever replace it
        state.sha256, state.path, state.size, state.fetched_at = sha, None, len(data), now()
        log.save_fetch_state(state)
        return Outcome(item.url, "skipped", twin.path, f"the same content as {twin.url} ({twin.source}): {twin.path}")
    target = _target(folder, item, suffix, have)
    _keep_earlier_version(folder, target, have)
    write_bytes_atomic(target, data)
    state.sha256, state.path, state.size, state.fetched_at = sha, str(target.resolve()), len(data), now()
    log.save_fetch_state(state)
    return Outcome(item.url, "changed" if have else "new", str(target))


def _content(item: Item, answer: Answer, state: FetchState) -> tuple[bytes, str]:
    """The bytes to save and their suffix; FetchError when they are not a report."""
    if item.kind == "article":
        article = read_article(answer.data, answer.url)
        if article is None:
            raise FetchError("no article text found on the page")
        state.title = state.title or article.title
        state.published = article.date or state.published
        return article.text.encode("utf-8"), ".txt"
    expected = url_suffix(item.url)
    if expected == ".txt":  # plain text from a folder: nothing to sniff
        return answer.data, ".txt"
    if expected not in (".pdf", ".docx", ".doc", ".html", ".htm"):
        expected = suffix_of_type(answer.content_type) or expected  # download.php?id=3
    suffix, reason = check_content(answer.data, expected, answer.content_type)
    if suffix is None:
        raise FetchError(f"rejected: {reason}")
    return answer.data, suffix


def _target(folder: Path, item: Item, suffix: str, have: FetchState | None) -> Path:
    """Where the download goes: the earlier version's place when the log wrote it, else a free name."""
    if have is not None and have.path:
        earlier = Path(have.path)
        if inside(folder, earlier) and earlier.suffix == suffix and (not earlier.exists() or file_sha256(earlier) == have.sha256):
            return earlier
    target = free_path(folder, file_name(item.url, suffix))
    if not inside(folder, target):  # file_name makes slugs; this guards the guard
        raise FetchError(f"refused to write outside {folder}: {target}")
    return target


def _keep_earlier_version(folder: Path, target: Path, have: FetchState | None) -> None:
    if have is None or not target.exists() or not have.sha256:
        return
    versions = folder / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    shutil.move(str(target), str(versions / f"{have.sha256[:12]}-{target.name}"))


def _read_local(url: str, have: FetchState | None, max_bytes: int) -> Answer:
    """A file of a folder source, as an answer: its size and modification time are its validators."""
    path = Path(unquote(urlsplit(url).path))
    try:
        stat = path.stat()
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror}") from None
    validator = f"{stat.st_size}-{stat.st_mtime_ns}"
    if have is not None and have.etag == validator:
        return Answer(url, 304, b"", validator, None, None)
    if stat.st_size > max_bytes:
        raise FetchError(f"larger than the size limit ({stat.st_size:,} bytes > max_bytes {max_bytes:,})")
    modified = datetime.fromtimestamp(stat.st_mtime, UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    return Answer(url, 200, path.read_bytes(), validator, modified, None)


def _folder_status(item: Item, state: FetchState | None) -> OutcomeStatus:
    if state is None or not state.sha256:
        return "new"
    path = Path(unquote(urlsplit(item.url).path))
    stat = path.stat()
    return "known" if state.etag == f"{stat.st_size}-{stat.st_mtime_ns}" else "changed"
