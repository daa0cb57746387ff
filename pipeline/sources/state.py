"""What was fetched: one `FetchState` per source and address, kept by a `FetchLog`.

The log is an interface so this stage needs no store: `pipeline.store.Store` implements it (table
`fetches`, migration 0003), and the store copies a file's fetch state into its document's provenance.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from pydantic import BaseModel


class FetchState(BaseModel):
    source: str
    url: str
    kind: str = "file"  # file | article
    final_url: str | None = None  # after redirects
    path: str | None = None  # the file written under raw/, resolved
    sha256: str | None = None  # of the file written (an article: of its text)
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    size: int | None = None
    title: str | None = None
    published: str | None = None
    found_on: str | None = None
    fetched_at: datetime | None = None  # when this content was downloaded
    checked_at: datetime | None = None  # the last time the address was asked
    error: str | None = None  # the last attempt's failure (None when it succeeded)

    def provenance(self) -> dict[str, Any]:
        """What a document keeps of where it came from."""
        keys = ("source", "url", "final_url", "found_on", "fetched_at", "etag", "last_modified", "content_type",
                "title", "published")  # fmt: skip
        return {k: v for k, v in self.model_dump(mode="json", include=set(keys)).items() if v is not None}


class FetchLog(Protocol):
    def fetch_state(self, source: str, url: str) -> FetchState | None: ...

    def fetch_state_of_content(self, sha256: str) -> FetchState | None:
        """A fetch (of any source) that wrote a file of this content, if any."""
        ...

    def save_fetch_state(self, state: FetchState) -> None: ...
