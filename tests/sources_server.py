"""A real HTTP server on 127.0.0.1 for the sources tests: a threaded `http.server` whose routes a test
sets (path -> Route), counting every request, answering conditional requests from each route's ETag."""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/octet-stream"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None  # for redirects
    delay: float = 0.0  # seconds before answering (a slow server)
    fail_first: int = 0  # answer 500 this many times first
    headers: dict[str, str] = field(default_factory=dict)


class SourcesServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()  # requests per path
        self.bodies_sent: Counter[str] = Counter()  # 200 answers per path
        self.times: list[tuple[str, float]] = []
        self.user_agents: set[str] = set()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                server.hits[self.path] += 1
                server.times.append((self.path, time.monotonic()))
                server.user_agents.add(self.headers.get("User-Agent", ""))
                route = server.routes.get(self.path)
                if route is None:
                    self._answer(404, b"<html><body>not found</body></html>", "text/html")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.fail_first > 0:
                    route.fail_first -= 1
                    self._answer(500, b"<html><body>server error</body></html>", "text/html")
                    return
                if route.location:
                    self._answer(route.status, b"", "text/html", {"Location": route.location})
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self._answer(304, b"", None, {"ETag": route.etag})
                    return
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                if route.last_modified:
                    headers["Last-Modified"] = route.last_modified
                if route.status == 200:
                    server.bodies_sent[self.path] += 1
                self._answer(route.status, route.body, route.content_type, headers)

            def _answer(self, status: int, body: bytes, content_type: str | None, headers: dict | None = None) -> None:
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body and status != 304:
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                        self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SourcesServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
