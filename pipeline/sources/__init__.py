"""Sources: where reports are published (listing pages, feeds, article pages, folders), and
fetching what is new from them into raw/.

    config = load_config("sources.toml")
    reports = fetch_sources(config, store)   # store: any FetchLog, e.g. pipeline.store.Store

Modules: `config` (the sources file), `client` (HTTP: robots.txt, delays, retries, limits),
`discover` (one discoverer per kind of source, registered), `content` (is it really a PDF?),
`article` (main text of article pages), `names` (safe file names), `state` (the fetch log's
interface), `fetch` (check and fetch). No store import: the store implements `FetchLog`.
"""

from pipeline.sources.client import Client, FetchError
from pipeline.sources.config import FetchSettings, Source, SourcesConfig, SourcesError, load_config
from pipeline.sources.discover import DISCOVERERS, register_discoverer
from pipeline.sources.fetch import Outcome, SourceReport, check_sources, fetch_from_file, fetch_sources
from pipeline.sources.state import FetchLog, FetchState

__all__ = [
    "DISCOVERERS", "Client", "FetchError", "FetchLog", "FetchSettings", "FetchState", "Outcome", "Source",
    "SourceReport", "SourcesConfig", "SourcesError", "check_sources", "fetch_from_file", "fetch_sources", "load_config",
    "register_discoverer",
]
