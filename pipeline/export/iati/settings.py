"""Settings of the IATI export: who publishes the activities, where the source reports can be read.

They live in the `[iati]` table of a `taqrir.toml` project file (the working directory's, or the file
`$TAQRIR_CONFIG` names), and environment variables override them one by one (`TAQRIR_IATI_<KEY>` in
capitals, e.g. `TAQRIR_IATI_REPORTING_ORG_REF`). docs/iati.md documents every key.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

CONFIG_VARIABLE = "TAQRIR_CONFIG"
CONFIG_FILE = "taqrir.toml"
ENV_PREFIX = "TAQRIR_IATI_"
# Stands for the reporting organisation until one is set: clearly not an organisation identifier
# (no registration agency is called XX), so no reader mistakes the file for a real publisher's.
PLACEHOLDER_REF = "XX-TAQRIR-UNSET"


class SettingsError(ValueError):
    """A settings file that cannot be read, or a value of the wrong kind."""


@dataclass(frozen=True)
class IatiSettings:
    reporting_org_ref: str | None = None  # the publisher's IATI organisation identifier, e.g. MA-...
    reporting_org_name: str | None = None
    reporting_org_type: str | None = (
        None  # IATI OrganisationType code: 10 Government, 15 Other public sector ...
    )
    # Where a reader finds a source report: `{name}` (file name) and `{path}` (path as stored) are filled in;
    # unset, the document links are the paths themselves (local files).
    document_url: str | None = None
    document_category: str = "A08"  # DocumentCategory: A08 Results, outcomes and outputs
    latin_language: str = "fr"  # language of Latin-script names no detector can tell (acronyms, one word)

    @property
    def reporting_ref(self) -> str:
        return self.reporting_org_ref or PLACEHOLDER_REF

    @property
    def placeholder(self) -> bool:
        return not self.reporting_org_ref


def config_path() -> Path:
    return Path(os.environ.get(CONFIG_VARIABLE) or CONFIG_FILE)


def load_settings(path: str | Path | None = None, environ: Mapping[str, str] | None = None) -> IatiSettings:
    """The `[iati]` table of `path` (default: `$TAQRIR_CONFIG`, else ./taqrir.toml; a missing file is no
    error, nothing is set), with `TAQRIR_IATI_*` environment variables over it."""
    file = Path(path) if path is not None else config_path()
    variables: Mapping[str, str] = os.environ if environ is None else environ
    values: dict[str, str] = {}
    if file.exists():
        try:
            table = tomllib.loads(file.read_text(encoding="utf-8")).get("iati", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{file}: not a TOML file: {exc}") from None
        if not isinstance(table, dict):
            raise SettingsError(f"{file}: [iati] must be a table")
        known = {f.name for f in fields(IatiSettings)}
        for key, value in table.items():
            if key not in known:
                raise SettingsError(f"{file}: unknown [iati] key {key!r}; keys: {', '.join(sorted(known))}")
            if not isinstance(value, str):
                raise SettingsError(f"{file}: [iati] {key} must be a string")
            values[key] = value
    elif path is not None:
        raise SettingsError(f"{file}: no such settings file")
    for item in fields(IatiSettings):
        value = variables.get(ENV_PREFIX + item.name.upper())
        if value:
            values[item.name] = value
    return IatiSettings(**{k: v.strip() for k, v in values.items() if v.strip()})
