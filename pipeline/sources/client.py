"""HTTP for the fetchers: one httpx client with a descriptive User-Agent and timeouts; robots.txt
read with protego and honoured (with its Crawl-delay); a polite delay between requests to one host;
retries with exponential backoff (tenacity) on connection errors, timeouts, 429 and 5xx; redirects
followed one hop at a time so each hop is checked against the source's allowed hosts; conditional
requests (If-None-Match / If-Modified-Since); bodies streamed and cut at the size limit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from protego import Protego
from tenacity import RetryError, Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from pipeline.sources.config import FetchSettings

MAX_REDIRECTS = 5
ROBOTS_FORBID = "robots.txt forbids fetching it"
MAX_CRAWL_DELAY = 60.0  # a robots.txt asking for more is honoured only up to this


class FetchError(Exception):
    """A request that gave no usable answer; the message is the reason shown to the user."""


class _Retryable(Exception):
    """A failure worth another try (a 5xx or 429, a timeout, a refused connection)."""


@dataclass
class Answer:
    url: str  # after redirects
    status: int  # 200, or 304 when the validators still hold
    data: bytes
    etag: str | None
    last_modified: str | None
    content_type: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Client:
    """Requests for one fetch run. `sleep` and `clock` are injectable so tests need not wait."""

    def __init__(self, settings: FetchSettings, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, transport: httpx.BaseTransport | None = None) -> None:  # fmt: skip
        self.settings = settings
        self.sleep, self.clock = sleep, clock
        self.http = httpx.Client(
            headers={"User-Agent": settings.user_agent}, timeout=httpx.Timeout(settings.timeout),
            follow_redirects=False, transport=transport,
        )  # fmt: skip
        self._robots: dict[str, Protego | None] = {}
        self._robots_problem: dict[str, str] = {}  # site -> why its robots.txt could not be read
        self._last_request: dict[str, float] = {}
        self.requests = 0

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.http.close()

    # -- robots.txt and politeness ------------------------------------------------------------

    def robots_refusal(self, url: str) -> str | None:
        """Why robots.txt of `url`'s site does not let us fetch it, or None when it does (or is ignored)."""
        if not self.settings.respect_robots:
            return None
        robots = self._robots_for(url)
        if robots is None or robots.can_fetch(url, self.settings.user_agent):
            return None
        unreadable = self._robots_problem.get(_site(url))
        return f"robots.txt cannot be read ({unreadable}): the site is left alone until it can" if unreadable else ROBOTS_FORBID

    def _robots_for(self, url: str) -> Protego | None:
        site = _site(url)
        if site not in self._robots:
            try:
                answer = self._request(f"{site}/robots.txt", {}, self.settings.max_bytes, tries=1)
                self._robots[site] = Protego.parse(answer.data.decode("utf-8", "replace"))
            except FetchError as exc:
                # RFC 9309: no robots.txt (4xx) allows everything; one that cannot be read (5xx,
                # no answer) forbids everything until it can
                if str(exc).startswith("HTTP 4"):
                    self._robots[site] = None
                else:
                    self._robots[site] = Protego.parse("User-agent: *\nDisallow: /")
                    self._robots_problem[site] = str(exc)
        return self._robots[site]

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        delay = self.settings.delay
        robots = self._robots.get(_site(url))
        asked = robots.crawl_delay(self.settings.user_agent) if robots is not None else None
        if asked:
            delay = max(delay, min(float(asked), MAX_CRAWL_DELAY))
        last = self._last_request.get(host)
        if last is not None:
            wait = last + delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last_request[host] = self.clock()

    # -- requests -----------------------------------------------------------------------------

    def get(self, url: str, allowed_hosts: set[str], etag: str | None = None, last_modified: str | None = None,
            max_bytes: int | None = None) -> Answer:  # fmt: skip
        """GET `url` (conditionally when validators are given), following redirects within `allowed_hosts`.

        Raises FetchError with the reason: robots.txt, a host not allowed, an HTTP error, a time-out,
        a body over the size limit."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _hop in range(MAX_REDIRECTS + 1):
            host = urlsplit(url).hostname or ""
            if host.lower() not in allowed_hosts:
                raise FetchError(f"{host or url} is not an allowed host of this source (allow_hosts)")
            refusal = self.robots_refusal(url)
            if refusal:
                raise FetchError(refusal)  # a redirect into a forbidden path
            answer = self._request(url, headers, max_bytes or self.settings.max_bytes)
            if answer.status not in (301, 302, 303, 307, 308):
                return answer
            url = answer.url  # the redirect's target, resolved by httpx
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _request(self, url: str, headers: dict[str, str], max_bytes: int, tries: int | None = None) -> Answer:
        attempts = (self.settings.retries + 1) if tries is None else tries
        retrying = Retrying(
            stop=stop_after_attempt(attempts), retry=retry_if_exception_type(_Retryable),
            wait=wait_exponential(multiplier=self.settings.backoff, max=300), sleep=self.sleep,
        )  # fmt: skip
        try:
            return retrying(self._once, url, headers, max_bytes)
        except RetryError as exc:
            last = exc.last_attempt.exception()
            raise FetchError(f"{last} (after {attempts} tries)" if attempts > 1 else str(last)) from None

    def _once(self, url: str, headers: dict[str, str], max_bytes: int) -> Answer:
        self._wait_turn(url)
        self.requests += 1
        try:
            with self.http.stream("GET", url, headers=headers) as response:
                if response.is_redirect and response.next_request is not None:
                    return Answer(str(response.next_request.url), response.status_code, b"", None, None, None)
                if response.status_code == 429 or response.status_code >= 500:
                    raise _Retryable(f"HTTP {response.status_code} {response.reason_phrase}")
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
                data = b"" if response.status_code == 304 else _read_limited(response, max_bytes)
                return Answer(str(response.url), response.status_code, data, response.headers.get("ETag"),
                              response.headers.get("Last-Modified"), response.headers.get("Content-Type"))  # fmt: skip
        except httpx.TimeoutException:
            raise _Retryable(f"no answer within {self.settings.timeout:g} s (timed out)") from None
        except httpx.TransportError as exc:
            raise _Retryable(f"connection failed: {exc}") from None


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _read_limited(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"larger than the size limit ({int(declared):,} bytes > max_bytes {max_bytes:,})")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"larger than the size limit (over max_bytes {max_bytes:,} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)
