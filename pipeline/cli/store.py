"""`taqrir db`, `taqrir records` and `taqrir users`: the store's schema, its records and their review,
the accounts (docs/store.md)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer
from rich.table import Table

from pipeline.cli.common import DB_OPTION, OUT_OPTION, USER_OPTION, err, open_store, out, run_review

db_app = typer.Typer(no_args_is_help=True, help="The store's schema.")
records_app = typer.Typer(no_args_is_help=True, help="Project records in the store: list, show, correct, review.")
users_app = typer.Typer(no_args_is_help=True, help="Accounts of reviewers and admins.")



@db_app.command("upgrade")
def db_upgrade(out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION) -> None:
    """Bring the store's schema up to date (every command does it too)."""
    from pipeline.store.migrate import current_revision

    store = open_store(out_dir, db_url)
    out.print(f"store {store.url}: schema revision {current_revision(store.engine)}")


@records_app.command("list")
def records_list(
    status: str | None = typer.Option(None, "--status", help="pending, accepted or rejected."),
    flag: str | None = typer.Option(None, "--flag", help="Records with this flag (e.g. review_conflict, no_period)."),
    document: str | None = typer.Option(None, "--document", help="Records named in this document (path or file name)."),
    order: str = typer.Option("document", "--order", help="document (reading order), name, confidence, -confidence, updated, or teaching (what would teach the model most: uncertain or flagged first)."),
    limit: int = typer.Option(50, "--limit"),
    offset: int = typer.Option(0, "--offset"),
    as_jsonl: bool = typer.Option(False, "--jsonl", help="One JSON object per record instead of a table."),
    out_dir: Path = OUT_OPTION,
    db_url: str | None = DB_OPTION,
) -> None:
    """List records as they stand (reviewed values applied)."""
    store = open_store(out_dir, db_url)
    views = store.records(status=status, flag=flag, document=document, limit=limit, offset=offset, order=order)
    if as_jsonl:
        for view in views:
            sys.stdout.write(json.dumps(view.as_dict(), ensure_ascii=False, default=str) + "\n")
        return
    total = store.count_records(status=status, flag=flag, document=document)
    table = Table(title=f"records {offset + 1}-{offset + len(views)} of {total}")
    table.add_column("id", no_wrap=True)
    for column in ("status", "name", "period", "confidence", "flags"):
        table.add_column(column)
    for view in views:
        values = view.values
        period = "-".join(str(v) for v in (values["start"], values["end"]) if v)
        table.add_row(view.record_id, view.status, values["name"][:60], period, f"{view.record.confidence:.2f}",
                      "; ".join(dict.fromkeys(f.split(":")[0] for f in view.flags)))  # fmt: skip
    out.print(table)


@records_app.command("show")
def records_show(record_id: str, out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION) -> None:
    """Print one record as JSON: values, extracted values where reviewed ones differ, conflicts, evidence."""
    view = open_store(out_dir, db_url).record(record_id)
    if view is None:
        err.print(f"[red]taqrir: no record {record_id!r}[/red]")
        raise typer.Exit(2)
    sys.stdout.write(json.dumps(view.as_dict(), ensure_ascii=False, indent=2, default=str) + "\n")


@records_app.command("set")
def records_set(
    record_id: str, field: str, value: str, user: str = USER_OPTION, out_dir: Path = OUT_OPTION,
    db_url: str | None = DB_OPTION,
) -> None:  # fmt: skip
    """Correct a field. Lists: `A; B`; amounts: `1500000 MAD; 20000 EUR (2023)`; JSON works too; '' clears."""
    from pipeline.store.review import parse_field_value

    store = open_store(out_dir, db_url)
    view = run_review(lambda: store.set_field(record_id, field, parse_field_value(field, value), user))
    out.print(f"{record_id} {field} = {json.dumps(view.values[field], ensure_ascii=False)}")


def _set_status(record_id: str, status: str, user: str, out_dir: Path, db_url: str | None) -> None:
    store = open_store(out_dir, db_url)
    view = run_review(lambda: store.set_status(record_id, status, user))
    out.print(f"{record_id}: {view.status}")


@records_app.command("accept")
def records_accept(record_id: str, user: str = USER_OPTION, out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION) -> None:
    """Mark a record reviewed and right."""
    _set_status(record_id, "accepted", user, out_dir, db_url)


@records_app.command("reject")
def records_reject(record_id: str, user: str = USER_OPTION, out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION) -> None:
    """Mark a record as not a project (it stays in the store, with its status)."""
    _set_status(record_id, "rejected", user, out_dir, db_url)


@records_app.command("resolve")
def records_resolve(
    record_id: str, field: str,
    keep: str = typer.Option(..., "--keep", help="reviewed (the reviewer's value stands) or extracted (take the new one)."),
    user: str = USER_OPTION, out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION,
) -> None:  # fmt: skip
    """Settle a conflict a re-extraction left on a reviewed field."""
    store = open_store(out_dir, db_url)
    view = run_review(lambda: store.resolve_conflict(record_id, field, keep, user))
    out.print(f"{record_id} {field} = {json.dumps(view.values[field], ensure_ascii=False)}")


@records_app.command("history")
def records_history(record_id: str, out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION) -> None:
    """The record's audit log: who changed what, when, from what to what."""
    store = open_store(out_dir, db_url)
    events = run_review(lambda: store.history(record_id))
    table = Table(title=f"history of {record_id}")
    for column in ("when", "who", "action", "field", "old", "new"):
        table.add_column(column)
    for event in events:
        table.add_row(event["at"].strftime("%Y-%m-%d %H:%M:%S"), event["user"], event["action"], event["field"] or "",
                      _short(event["old"]), _short(event["new"]))  # fmt: skip
    out.print(table)


def _short(value: object) -> str:
    text = "" if value is None else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:59] + "…"


@users_app.command("add")
def users_add(
    name: str,
    role: str = typer.Option("reviewer", "--role", help="reviewer or admin."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from the first line of stdin."),
    out_dir: Path = OUT_OPTION,
    db_url: str | None = DB_OPTION,
) -> None:
    """Add an account. The password comes from --password-stdin, $TAQRIR_PASSWORD, or a prompt."""

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif os.environ.get("TAQRIR_PASSWORD"):
        password = os.environ["TAQRIR_PASSWORD"]
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    store = open_store(out_dir, db_url)
    run_review(lambda: store.add_user(name, role, password))
    out.print(f"user {name} added ({role})")


@users_app.command("list")
def users_list(out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION) -> None:
    """The accounts, with their role."""
    for name, role, active in open_store(out_dir, db_url).users():
        sys.stdout.write(f"{name}\t{role}" + ("" if active else "\t(inactive)") + "\n")
