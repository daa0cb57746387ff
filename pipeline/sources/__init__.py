"""Sources: where reports are published (listing pages, feeds, article pages, folders), and
fetching what is new from them into raw/.

    config = load_config("sources.toml")
    reports = fetch_sources(config, store)   # store: any FetchLog, e.g. pipeline.store.Store

Modules: `config` (the sources file), `client` (HTTP: robots.txt, delays, retries, limits),
`discover` (one discoverer per kind of source, registered), `content` (is it really a PDF?),
`article` (main text of article pages), `names` (safe file names), `state` (the fetch log's
interface), `fetch` (check and fetch). No store import: the store implements `FetchLog`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the names are, for type checkers
    from pipeline.sources.client import Client, FetchError
    from pipeline.sources.config import FetchSettings, Source, SourcesConfig, SourcesError, load_config
    from pipeline.sources.discover import DISCOVERERS, register_discoverer
    from pipeline.sources.fetch import Outcome, SourceReport, check_sources, fetch_from_file, fetch_sources
    from pipeline.sources.state import FetchLog, FetchState

# Loaded on first use: the store imports `pipeline.sources.state` and must not pay for HTTP, feed and
# main-text libraries (seconds) every time it is opened.
_HOMES = {
    "Client": "client", "FetchError": "client", "FetchSettings": "config", "Source": "config",
    "SourcesConfig": "config", "SourcesError": "config", "load_config": "config", "DISCOVERERS": "discover",
    "register_discoverer": "discover", "Outcome": "fetch", "SourceReport": "fetch", "check_sources": "fetch",
    "fetch_from_file": "fetch", "fetch_sources": "fetch", "FetchLog": "state", "FetchState": "state",
}  # fmt: skip
__all__ = [
    "DISCOVERERS", "Client", "FetchError", "FetchLog", "FetchSettings", "FetchState", "Outcome", "Source",
    "SourceReport", "SourcesConfig", "SourcesError", "check_sources", "fetch_from_file", "fetch_sources",
    "load_config", "register_discoverer",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'pipeline.sources' has no attribute {name!r}")
    return getattr(import_module(f"pipeline.sources.{_HOMES[name]}"), name)
