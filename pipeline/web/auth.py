"""Who is logged in: sessions, CSRF tokens, the login rate limit.

Sessions live in the server's memory, keyed by the hash of a random token the browser keeps in an
HttpOnly, SameSite=Lax cookie. Keeping them server-side means logging out really ends a session (a
copied cookie is worthless afterwards) and an idle or too old session is refused whatever the cookie
says. The price: restarting `taqrir review` logs everyone out, and one process serves the app.

Every request that changes something carries the session's CSRF token (a hidden form field, or the
X-CSRF-Token header); the login form, which comes before any session, carries an HMAC of a random
cookie instead (a signed double-submit token). Failed logins are counted per user name and per client
address, in memory too; past the limit the password is not even checked until the window has passed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Session:
    user: str
    role: str
    csrf: str
    created: float
    last_seen: float
    flashes: list[str] = field(default_factory=list)  # messages shown once, on the next page


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    """Login sessions that end after `idle` seconds without a request or `lifetime` seconds in all."""

    def __init__(self, idle: float, lifetime: float, clock: Callable[[], float] = time.monotonic):
        self.idle, self.lifetime, self.clock = idle, lifetime, clock
        self._by_digest: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, user: str, role: str) -> str:
        """A new session for `user`; returns the token for the cookie (only its hash is kept)."""
        token = secrets.token_urlsafe(32)
        moment = self.clock()
        with self._lock:
            self._purge(moment)
            self._by_digest[_digest(token)] = Session(user, role, secrets.token_urlsafe(32), moment, moment)
        return token

    def get(self, token: str | None) -> Session | None:
        if not token:
            return None
        moment = self.clock()
        with self._lock:
            session = self._by_digest.get(_digest(token))
            if session is None:
                return None
            if moment - session.last_seen > self.idle or moment - session.created > self.lifetime:
                del self._by_digest[_digest(token)]
                return None
            session.last_seen = moment
            return session

    def end(self, token: str | None) -> None:
        if token:
            with self._lock:
                self._by_digest.pop(_digest(token), None)

    def end_user(self, user: str) -> None:
        """End every session of `user` (an account removed or changed)."""
        with self._lock:
            for digest in [d for d, s in self._by_digest.items() if s.user == user]:
                del self._by_digest[digest]

    def _purge(self, moment: float) -> None:
        expired = [d for d, s in self._by_digest.items()
                   if moment - s.last_seen > self.idle or moment - s.created > self.lifetime]  # fmt: skip
        for digest in expired:
            del self._by_digest[digest]


def same_token(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given).encode(), expected.encode())


class LoginForms:
    """CSRF tokens of the login form: an HMAC, under a key of this process, of a random cookie value."""

    def __init__(self, key: bytes):
        self.key = key

    @staticmethod
    def new_nonce() -> str:
        return secrets.token_urlsafe(24)

    def token(self, nonce: str) -> str:
        return hmac.new(self.key, b"login:" + nonce.encode(), hashlib.sha256).hexdigest()

    def check(self, nonce: str | None, token: str | None) -> bool:
        return bool(nonce) and same_token(token, self.token(nonce or ""))


class LoginLimiter:
    """At most `per_user` failed logins per user name and `per_address` per client address in any
    `window` seconds."""

    MAX_KEYS = 10_000  # names and addresses kept before those without a recent failure are forgotten

    def __init__(self, per_user: int, per_address: int, window: float, clock: Callable[[], float] = time.monotonic):
        self.limits = {"user": per_user, "address": per_address}
        self.window, self.clock = window, clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _keys(self, user: str, address: str) -> list[tuple[str, str]]:
        return [("user", user.strip().casefold()), ("address", address)]

    def wait(self, user: str, address: str) -> float:
        """Seconds until a login for `user` from `address` may be tried again (0: now)."""
        moment = self.clock()
        longest = 0.0
        with self._lock:
            for key in self._keys(user, address):
                failures = self._recent(key, moment)
                if len(failures) >= self.limits[key[0]]:
                    longest = max(longest, failures[0] + self.window - moment)
        return longest

    def failed(self, user: str, address: str) -> None:
        moment = self.clock()
        with self._lock:
            if len(self._failures) > self.MAX_KEYS:  # guessing many names must not fill the memory
                for key in [k for k in self._failures if not self._recent(k, moment)]:
                    del self._failures[key]
            for key in self._keys(user, address):
                self._recent(key, moment).append(moment)

    def succeeded(self, user: str, address: str) -> None:
        """A right password clears the user's count (not the address's: one address may guess many names)."""
        with self._lock:
            self._failures.pop(self._keys(user, address)[0], None)

    def _recent(self, key: tuple[str, str], moment: float) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and failures[0] <= moment - self.window:
            failures.popleft()
        return failures
