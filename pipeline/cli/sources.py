"""`taqrir sources check` and `taqrir fetch`: where reports are published (docs/sources.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline.cli.common import DB_OPTION, OUT_OPTION, err, load_sources, open_store, print_fetched

sources_app = typer.Typer(no_args_is_help=True, help="Where reports are published (a sources file, sources.toml).")
SOURCES_FILE_OPTION = typer.Option(Path("sources.toml"), "--sources", help="The sources file.")
SOURCE_NAME_OPTION = typer.Option(None, "--source", help="Only this source (its name in the sources file).")


@sources_app.command("check")
def sources_check(sources: Path = SOURCES_FILE_OPTION, source: str | None = SOURCE_NAME_OPTION,
                  out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION) -> None:  # fmt: skip
    """List what each source offers that was never fetched (new), without downloading any report."""
    from pipeline.sources import SourcesError, check_sources

    config = load_sources(sources)
    try:
        reports = check_sources(config, open_store(out_dir, db_url), name=source)
    except SourcesError as exc:
        err.print(f"[red]taqrir: {exc}[/red]")
        raise typer.Exit(2) from None
    print_fetched([r.as_dict() for r in reports])
    if any(r.error for r in reports):
        raise typer.Exit(1)


def fetch(sources: Path = SOURCES_FILE_OPTION, source: str | None = SOURCE_NAME_OPTION,
          raw_dir: Path | None = typer.Option(None, "--raw", help="Download into RAW/<source>/ (default: the file's raw_dir)."),
          out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION) -> None:  # fmt: skip
    """Download what is new or changed from the sources into raw/<source>/ (nothing there is overwritten)."""
    from pipeline.sources import SourcesError, fetch_sources

    config = load_sources(sources)
    store = open_store(out_dir, db_url)
    try:
        with store.fetch_lock():
            reports = fetch_sources(config, store, name=source, raw_dir=raw_dir)
    except SourcesError as exc:
        err.print(f"[red]taqrir: {exc}[/red]")
        raise typer.Exit(2) from None
    print_fetched([r.as_dict() for r in reports])
    if any(r.error or r.failed for r in reports):
        raise typer.Exit(1)
