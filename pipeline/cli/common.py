"""What every command group of the `taqrir` command shares: the consoles, the common options, and
opening the store (a store that cannot be opened, or a refused review action, exits with 2)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

err = Console(stderr=True, soft_wrap=True, highlight=False)
out = Console(soft_wrap=True, highlight=False)
DB_OPTION = typer.Option(None, "--db", help="SQLAlchemy URL of the store (default: $TAQRIR_DATABASE_URL, else OUT/taqrir.db).")
OUT_OPTION = typer.Option(Path("processed"), "--out", help="The folder holding the default SQLite store.")
USER_OPTION = typer.Option(..., "--user", "-u", help="Who makes the change (a user of `taqrir users add`).")


def open_store(out_dir: Path, db_url: str | None):  # type: ignore[no-untyped-def]
    from pipeline.store import Store

    try:
        return Store.open(out_dir, db_url)
    except Exception as exc:  # a wrong URL, an unreachable server, a file that is not a database
        err.print(f"[red]taqrir: cannot open the store: {exc}[/red]")
        raise typer.Exit(2) from None


def run_review(action):  # type: ignore[no-untyped-def]
    """Run a store action; a refused one (unknown record, field or user, invalid value) exits with 2."""
    from pipeline.store import ReviewError, UserError

    try:
        return action()
    except (ReviewError, UserError) as exc:
        err.print(f"[red]taqrir: {exc}[/red]")
        raise typer.Exit(2) from None


def load_sources(path: Path):  # type: ignore[no-untyped-def]
    from pipeline.sources import SourcesError, load_config

    try:
        return load_config(path)
    except SourcesError as exc:
        err.print(f"[red]taqrir: {exc}[/red]")
        raise typer.Exit(2) from None


def print_fetched(reports: list[dict]) -> None:
    """One table per source: every address (percent-decoded: Arabic names readable) with what happened to it."""
    from urllib.parse import unquote

    for report in reports:
        if report["error"]:
            out.print(f"[red]{report['source']}: cannot be read: {report['error']}[/red]")
        table = Table(title=f"{report['source']}: " + ", ".join(
            f"{report[k]} {k}" for k in ("new", "changed", "unchanged", "known", "failed", "skipped") if report[k]))  # fmt: skip
        for column in ("address", "status", "file or reason"):
            table.add_column(column, overflow="fold")
        colours = {"new": "green", "changed": "green", "failed": "red", "skipped": "yellow"}
        for outcome in report["outcomes"]:
            colour = colours.get(outcome["status"], "white")
            table.add_row(unquote(outcome["url"]), f"[{colour}]{outcome['status']}[/{colour}]", outcome["reason"] or outcome["path"] or "")
        if report["outcomes"]:
            out.print(table)
        elif not report["error"]:
            out.print(f"{report['source']}: no reports found on {', '.join(report['pages']) or 'it'}")
