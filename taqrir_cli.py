"""`taqrir`: the command line. Each command parses its arguments, calls one core function, prints."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from pipeline.model import ExtractionResult

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="taqrir: Arabic reports in, structured project records out.",
)
err = Console(stderr=True, soft_wrap=True, highlight=False)
out = Console(soft_wrap=True, highlight=False)
DB_OPTION = typer.Option(None, "--db", help="SQLAlchemy URL of the store (default: $TAQRIR_DATABASE_URL, else OUT/taqrir.db).")
OUT_OPTION = typer.Option(Path("processed"), "--out", help="The folder holding the default SQLite store.")


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"


@app.command()
def run(
    raw_dir: Path = typer.Argument(Path("raw"), help="Folder (or file) of reports to process."),
    out_dir: Path = typer.Option(Path("processed"), "--out", help="Where outputs and the database go."),
    db_url: str | None = typer.Option(None, "--db", help="SQLAlchemy URL of the store (default: OUT/taqrir.db)."),
    force: bool = typer.Option(False, "--force", help="Process every file again, changed or not."),
    workers: int | None = typer.Option(None, "--workers", help="Worker processes extracting (default: one per core)."),
) -> None:
    """Run the Prefect flow: process new or changed reports and refresh the outputs."""
    if not raw_dir.exists():
        err.print(f"[red]taqrir: {raw_dir}: no such file or folder[/red]")
        raise typer.Exit(2)
    from flows.run import run_reports

    summary = run_reports(raw_dir=str(raw_dir), out_dir=str(out_dir), db_url=db_url, force=force, workers=workers)
    _print_summary(summary)
    if summary["failed"]:
        raise typer.Exit(1)


def _print_summary(summary: dict) -> None:
    console = Console()
    table = Table(title="taqrir run", show_lines=False)
    for column in ("file", "status", "entities", "projects", "reason"):
        table.add_column(column)
    for item in summary["done"]:
        table.add_row(item["path"], "[green]ok[/green]", str(item["entities"]), str(item["projects"]), "")
    for item in summary["failed"]:
        table.add_row(item["path"], f"[red]{item['status']}[/red]", "", "", item["error"] or "")
    if summary["done"] or summary["failed"]:
        console.print(table)
    console.print(
        f"done: {len(summary['done'])}  skipped (unchanged): {len(summary['skipped'])}  failed: {len(summary['failed'])}"
    )
    by_folder: dict[str, list[str]] = {}
    for path in summary["outputs"]:
        by_folder.setdefault(str(Path(path).parent), []).append(Path(path).name)
    for folder, names in by_folder.items():
        shown = ", ".join(names) if len(names) <= 8 else f"{len(names)} files"
        console.print(f"  wrote in {folder}/: {shown}", soft_wrap=True)


def _without_torch() -> None:
    """Keep torch out of this process. thinc (spaCy's model layer) imports it at start-up when it is
    installed (camel-tools requires it): about 220 MB and a second in every process, and nothing taqrir
    extracts with uses it. Only for the commands that extract in this process; TAQRIR_ALLOW_TORCH=1 keeps it."""
    if "torch" not in sys.modules and not os.environ.get("TAQRIR_ALLOW_TORCH"):
        sys.modules["torch"] = None  # type: ignore[assignment]  (import torch then raises ImportError)


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Report files or folders."),
    output_format: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", "-f", help="jsonl: one object per line."),
) -> None:
    """Extract from files and print the results (no Prefect server needed)."""
    _without_torch()
    from pipeline.batch import discover
    from pipeline.process import process_file

    files: list[Path] = []
    for path in paths:
        try:
            files.extend(discover(path))
        except FileNotFoundError:
            files.append(path)  # reported below as an error result
    failed = 0
    collected = []
    # A progress bar on the terminal (stderr) for long batches; stdout stays clean JSON.
    progress = Progress(
        TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err, transient=True, disable=len(files) < 2 or not err.is_terminal,
    )  # fmt: skip
    with progress:
        for path in progress.track(files):
            result = process_file(path)
            failed += _emit(result, path, output_format, collected)
    if output_format is OutputFormat.json:
        json.dump(collected, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    if failed:
        raise typer.Exit(1)


def _emit(result: ExtractionResult, path: Path, output_format: OutputFormat, collected: list) -> int:
    """Print (or collect) one result; returns 1 when the file failed."""
    if result.document.status == "error":
        err.print(f"taqrir: {path}: {result.document.error}")
    if output_format is OutputFormat.jsonl:
        sys.stdout.flush()
        for chunk in result.json_chunks():  # a long report's line is never held whole
            sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.write(b"\n")
        sys.stdout.buffer.flush()
    else:
        collected.append(result.model_dump(mode="json"))
    return int(result.document.status == "error")


@app.command()
def entities() -> None:
    """Read JSON Lines {"id", "text"} on stdin; write {"id", "entities"} per line ({"id", "line", "error"}
    for a line that cannot be read or extracted, and the next lines go on)."""
    _without_torch()
    from pipeline.load import LoadError
    from pipeline.process import extract_text_entities

    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item["text"]
            if not isinstance(text, str):
                raise TypeError("'text' must be a string")
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            err.print(f"taqrir: stdin line {number}: {exc}")
            sys.stdout.write(json.dumps({"id": None, "line": number, "error": str(exc)}) + "\n")
            continue
        try:
            found = [e.model_dump(mode="json") for e in extract_text_entities(text)]
        except Exception as exc:  # noqa: BLE001 (a text over the limits, or one no extractor foresaw: the next lines go on)
            reason = str(exc) if isinstance(exc, LoadError) else f"extraction failed: {type(exc).__name__}: {exc}"
            err.print(f"taqrir: stdin line {number}: {reason}")
            sys.stdout.write(json.dumps({"id": item.get("id"), "line": number, "error": reason}, ensure_ascii=False) + "\n")
            continue
        sys.stdout.write(json.dumps({"id": item.get("id"), "entities": found}, ensure_ascii=False) + "\n")
        sys.stdout.flush()


@app.command()
def schema(out: Path | None = typer.Option(None, "--out", help="Write to a file instead of stdout.")) -> None:
    """Print the JSON Schema of `taqrir extract` output lines."""
    from pipeline.schema import output_schema

    text = json.dumps(output_schema(), ensure_ascii=False, indent=2) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@app.command()
def train(
    out: Path | None = typer.Option(None, "--out", help="Model directory (default: extractors/data/ner_org)."),
    epochs: int = typer.Option(10, "--epochs"),
    seed: int = typer.Option(13, "--seed"),
    regenerate: bool = typer.Option(False, "--regenerate", help="Rebuild extractors/data/train/orgs.jsonl first."),
) -> None:
    """Train the statistical ORG recognizer on the project's training data and write the model."""
    from extractors.train import MODEL_DIR
    from extractors.train import train as train_ner

    stats = train_ner(out_dir=out or MODEL_DIR, epochs=epochs, seed=seed, regenerate=regenerate)
    Console().print(
        f"trained on {stats['examples']} sentences in {stats['seconds']:.1f} s (loss {stats['loss']:.2f}); "
        f"wrote {out or MODEL_DIR}"
    )


@app.command()
def serve(
    raw_dir: Path = typer.Argument(Path("raw"), help="Folder of reports to process at every run."),
    cron: str | None = typer.Option(None, "--cron", help='Schedule, e.g. "0 6 * * *" (every day at 06:00).'),
    interval: int | None = typer.Option(None, "--interval", help="Or: a run every N seconds."),
    port: int = typer.Option(4200, "--port", help="Port of the Prefect server started when PREFECT_API_URL is unset."),
    out_dir: Path = OUT_OPTION,
    db_url: str | None = DB_OPTION,
) -> None:
    """Serve the flow on a schedule on a Prefect server (started here unless PREFECT_API_URL is set)."""
    if (cron is None) == (interval is None):
        err.print("[red]taqrir: give one of --cron or --interval[/red]")
        raise typer.Exit(2)
    from flows.schedule import serve as serve_flow

    raise typer.Exit(serve_flow(str(raw_dir), str(out_dir), db_url, cron, interval, port))


@app.command()
def status(out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION, limit: int = typer.Option(10, "--limit")) -> None:
    """The last runs, the next scheduled one, and the files that keep failing."""
    from flows.schedule import next_scheduled_run

    store = _store(out_dir, db_url)
    table = Table(title="last runs")
    for column in ("started", "trigger", "seconds", "new", "changed", "skipped", "failed", "held"):
        table.add_column(column)
    for run in store.runs(limit):
        seconds = f"{(run['finished_at'] - run['started_at']).total_seconds():.1f}" if run["finished_at"] else "running"
        table.add_row(run["started_at"].strftime("%Y-%m-%d %H:%M:%S"), run["trigger"], seconds,
                      *(str(run[k]) for k in ("new", "changed", "skipped", "failed", "held")))  # fmt: skip
    out.print(table)
    when, where = next_scheduled_run()
    out.print(f"next scheduled run: {when} ({where})" if when else f"next scheduled run: none ({where})")
    failing = store.failing_files()
    out.print(f"files failing: {len(failing)}")
    for path, failures, reason in failing:
        note = " (held until its content changes)" if failures >= 3 else ""
        out.print(f"  {path}: failed {failures} time(s){note}: {reason}")


# The store: records, review, users, exports --------------------------------------------------------

db_app = typer.Typer(no_args_is_help=True, help="The store's schema.")
records_app = typer.Typer(no_args_is_help=True, help="Project records in the store: list, show, correct, review.")
users_app = typer.Typer(no_args_is_help=True, help="Accounts of reviewers and admins.")
app.add_typer(db_app, name="db")
app.add_typer(records_app, name="records")
app.add_typer(users_app, name="users")

USER_OPTION = typer.Option(..., "--user", "-u", help="Who makes the change (a user of `taqrir users add`).")


def _store(out_dir: Path, db_url: str | None):  # type: ignore[no-untyped-def]
    from pipeline.store import Store

    try:
        return Store.open(out_dir, db_url)
    except Exception as exc:  # a wrong URL, an unreachable server, a file that is not a database
        err.print(f"[red]taqrir: cannot open the store: {exc}[/red]")
        raise typer.Exit(2) from None


def _review(action):  # type: ignore[no-untyped-def]
    """Run a store action; a refused one (unknown record, field or user, invalid value) exits with 2."""
    from pipeline.store import ReviewError, UserError

    try:
        return action()
    except (ReviewError, UserError) as exc:
        err.print(f"[red]taqrir: {exc}[/red]")
        raise typer.Exit(2) from None


@db_app.command("upgrade")
def db_upgrade(out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION) -> None:
    """Bring the store's schema up to date (every command does it too)."""
    from pipeline.store.migrate import current_revision

    store = _store(out_dir, db_url)
    out.print(f"store {store.url}: schema revision {current_revision(store.engine)}")


@records_app.command("list")
def records_list(
    status: str | None = typer.Option(None, "--status", help="pending, accepted or rejected."),
    flag: str | None = typer.Option(None, "--flag", help="Records with this flag (e.g. review_conflict, no_period)."),
    document: str | None = typer.Option(None, "--document", help="Records named in this document (path or file name)."),
    order: str = typer.Option("document", "--order", help="document (reading order), name, confidence, -confidence or updated."),
    limit: int = typer.Option(50, "--limit"),
    offset: int = typer.Option(0, "--offset"),
    as_jsonl: bool = typer.Option(False, "--jsonl", help="One JSON object per record instead of a table."),
    out_dir: Path = OUT_OPTION,
    db_url: str | None = DB_OPTION,
) -> None:
    """List records as they stand (reviewed values applied)."""
    store = _store(out_dir, db_url)
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
    view = _store(out_dir, db_url).record(record_id)
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

    store = _store(out_dir, db_url)
    view = _review(lambda: store.set_field(record_id, field, parse_field_value(field, value), user))
    out.print(f"{record_id} {field} = {json.dumps(view.values[field], ensure_ascii=False)}")


def _set_status(record_id: str, status: str, user: str, out_dir: Path, db_url: str | None) -> None:
    store = _store(out_dir, db_url)
    view = _review(lambda: store.set_status(record_id, status, user))
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
    store = _store(out_dir, db_url)
    view = _review(lambda: store.resolve_conflict(record_id, field, keep, user))
    out.print(f"{record_id} {field} = {json.dumps(view.values[field], ensure_ascii=False)}")


@records_app.command("history")
def records_history(record_id: str, out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION) -> None:
    """The record's audit log: who changed what, when, from what to what."""
    store = _store(out_dir, db_url)
    events = _review(lambda: store.history(record_id))
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
    import os

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif os.environ.get("TAQRIR_PASSWORD"):
        password = os.environ["TAQRIR_PASSWORD"]
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    store = _store(out_dir, db_url)
    _review(lambda: store.add_user(name, role, password))
    out.print(f"user {name} added ({role})")


@users_app.command("list")
def users_list(out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION) -> None:
    """The accounts, with their role."""
    for name, role, active in _store(out_dir, db_url).users():
        sys.stdout.write(f"{name}\t{role}" + ("" if active else "\t(inactive)") + "\n")


@app.command("export")
def export(
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv, xlsx or parquet."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: OUT/records.FORMAT)."),
    status: str | None = typer.Option(None, "--status", help="Only records with this review status."),
    flag: str | None = typer.Option(None, "--flag", help="Only records with this flag."),
    out_dir: Path = OUT_OPTION,
    db_url: str | None = DB_OPTION,
) -> None:
    """Write the records with their review status, reviewed values in place, extracted ones beside."""
    from pipeline.export import export_records

    store = _store(out_dir, db_url)
    target = output or out_dir / f"records.{fmt}"
    try:
        count = export_records(store, fmt, target, status=status, flag=flag)
    except ValueError as exc:
        err.print(f"[red]taqrir: {exc}[/red]")
        raise typer.Exit(2) from None
    out.print(f"wrote {count} records to {target}")


@app.command("review")
def review(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (127.0.0.1: this machine only)."),
    port: int = typer.Option(8000, "--port"),
    secure_cookies: bool = typer.Option(False, "--secure-cookies", help="Mark cookies Secure (when served over HTTPS)."),
    out_dir: Path = OUT_OPTION,
    db_url: str | None = DB_OPTION,
) -> None:
    """Serve the review web app: reviewers log in (accounts of `taqrir users add`) and correct records."""
    import uvicorn

    from pipeline.web import Settings, create_app

    store = _store(out_dir, db_url)
    if not store.users():
        err.print("[yellow]taqrir: no accounts yet: add one with `taqrir users add NAME --role admin`[/yellow]")
    out.print(f"taqrir review: http://{host}:{port}/  (store {store.url})")
    # one process: sessions and the login rate limit live in its memory
    uvicorn.run(create_app(store, Settings(secure_cookies=secure_cookies)), host=host, port=port, log_level="info")


if __name__ == "__main__":
    app()
