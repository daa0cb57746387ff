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
from pipeline.runtime import keep_torch_out

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="taqrir: Arabic reports in, structured project records out.",
)
err = Console(stderr=True, soft_wrap=True, highlight=False)
out = Console(soft_wrap=True, highlight=False)
SOURCES_OPTION = typer.Option(None, "--sources", help="A sources file (sources.toml): fetch new reports first.")
DB_OPTION = typer.Option(None, "--db", help="SQLAlchemy URL of the store (default: $TAQRIR_DATABASE_URL, else OUT/taqrir.db).")
OUT_OPTION = typer.Option(Path("processed"), "--out", help="The folder holding the default SQLite store.")
WORKERS_OPTION = typer.Option(None, "--workers", help="Worker processes extracting (default: one per core).")
DASK_OPTION = typer.Option(False, "--dask", help="Extract on a local Dask cluster of --workers processes.")
DASK_ADDRESS_OPTION = typer.Option(None, "--dask-address", help="Extract on a running Dask scheduler, e.g. tcp://10.0.0.5:8786.")


def _engine(workers: int | None, dask: bool, dask_address: str | None):  # type: ignore[no-untyped-def]
    from flows.runners import Engine

    try:
        return Engine(workers=workers, dask=dask, dask_address=dask_address)
    except ValueError as exc:
        err.print(f"[red]taqrir: {exc}[/red]")
        raise typer.Exit(2) from None


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"


@app.command()
def run(
    raw_dir: Path = typer.Argument(Path("raw"), help="Folder (or file) of reports to process."),
    out_dir: Path = typer.Option(Path("processed"), "--out", help="Where outputs and the database go."),
    db_url: str | None = typer.Option(None, "--db", help="SQLAlchemy URL of the store (default: OUT/taqrir.db)."),
    force: bool = typer.Option(False, "--force", help="Process every file again, changed or not."),
    workers: int | None = WORKERS_OPTION,
    dask: bool = DASK_OPTION,
    dask_address: str | None = DASK_ADDRESS_OPTION,
    sources: Path | None = SOURCES_OPTION,
) -> None:
    """Run the Prefect flow: fetch from the sources (with --sources), process new or changed reports, refresh the outputs."""
    if sources is not None:
        _load_sources(sources)  # a wrong sources file stops here, before any work
    elif not raw_dir.exists():
        err.print(f"[red]taqrir: {raw_dir}: no such file or folder[/red]")
        raise typer.Exit(2)
    engine = _engine(workers, dask, dask_address)
    keep_torch_out()  # before the pipeline is imported: the flow's process extracts small runs itself
    from flows.run import run_reports

    summary = run_reports(raw_dir=str(raw_dir), out_dir=str(out_dir), db_url=db_url, force=force, engine=engine,
                          sources=str(sources) if sources else None)  # fmt: skip
    if summary.get("fetched"):
        _print_fetched(summary["fetched"])
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


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Report files or folders."),
    output_format: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", "-f", help="jsonl: one object per line."),
) -> None:
    """Extract from files and print the results (no Prefect server needed)."""
    keep_torch_out()
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
    keep_torch_out()
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
    out_dir: Path = OUT_OPTION,
    db_url: str | None = DB_OPTION,
    epochs: int = typer.Option(10, "--epochs"),
    seed: int = typer.Option(13, "--seed"),
    templates: bool = typer.Option(True, "--templates/--no-templates", help="Add the template sentences to the reviewed data."),
    shipped: bool = typer.Option(False, "--shipped", help="Only rebuild the shipped template model (extractors/data/ner_org)."),
    regenerate: bool = typer.Option(False, "--regenerate", help="Rebuild extractors/data/train/orgs.jsonl first."),
) -> None:
    """Retrain the statistical ORG layer on what reviewers corrected and accepted; print held-out accuracy
    before and after; use the new model from the next run only when it is at least as good."""
    if shipped:
        from extractors.train import MODEL_DIR
        from extractors.train import train as train_ner

        stats = train_ner(out_dir=MODEL_DIR, epochs=epochs, seed=seed, regenerate=regenerate)
        out.print(f"trained on {stats['examples']} sentences in {stats['seconds']:.1f} s; wrote {MODEL_DIR}")
        return
    from pipeline.learn.loop import learn

    if regenerate:
        from extractors.train import write_examples

        write_examples(seed=seed)
    report = learn(_store(out_dir, db_url), epochs=epochs, seed=seed, templates=templates)
    out.print(f"reviewed items: {report.trained_on} trained on, {report.heldout} held out (never trained on)"
              f"{' + template sentences' if templates else ''}; fitted in {report.seconds:.1f} s")  # fmt: skip
    table = Table(title="held-out reviewed data")
    for column in ("label", "measure", "before", "after"):
        table.add_column(column)
    for label, score in report.after.items():
        was = report.before[label]
        for name in ("precision", "recall", "f1"):
            table.add_row(label, name, f"{getattr(was, name):.3f}", f"{getattr(score, name):.3f}")
    for label, score in report.model_alone.items():
        if label not in report.after:
            table.add_row(label, "f1 (model alone)", "-", f"{score.f1:.3f}")
    out.print(table)
    used = "now in use" if report.made_current else f"kept, not used (in use: {report.previous or 'rules alone'})"
    out.print(f"model {report.version}: {used}: {report.reason}")
    if report.proposals:
        out.print(f"{len(report.proposals)} registry proposals (taqrir registry proposals)")


@app.command()
def serve(
    raw_dir: Path = typer.Argument(Path("raw"), help="Folder of reports to process at every run."),
    cron: str | None = typer.Option(None, "--cron", help='Schedule, e.g. "0 6 * * *" (every day at 06:00).'),
    interval: int | None = typer.Option(None, "--interval", help="Or: a run every N seconds."),
    port: int = typer.Option(4200, "--port", help="Port of the Prefect server started when PREFECT_API_URL is unset."),
    out_dir: Path = OUT_OPTION,
    db_url: str | None = DB_OPTION,
    workers: int | None = WORKERS_OPTION,
    dask: bool = DASK_OPTION,
    dask_address: str | None = DASK_ADDRESS_OPTION,
    sources: Path | None = SOURCES_OPTION,
) -> None:
    """Serve the flow on a schedule on a Prefect server (started here unless PREFECT_API_URL is set)."""
    if (cron is None) == (interval is None):
        err.print("[red]taqrir: give one of --cron or --interval[/red]")
        raise typer.Exit(2)
    engine = _engine(workers, dask, dask_address)
    if sources is not None:
        _load_sources(sources)
    from flows.schedule import serve as serve_flow

    raise typer.Exit(serve_flow(str(raw_dir), str(out_dir), db_url, cron, interval, port, engine,
                                sources=str(sources.resolve()) if sources else None))  # fmt: skip


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


# Sources: where reports are published ----------------------------------------------------------------

sources_app = typer.Typer(no_args_is_help=True, help="Where reports are published (a sources file, sources.toml).")
app.add_typer(sources_app, name="sources")
SOURCES_FILE_OPTION = typer.Option(Path("sources.toml"), "--sources", help="The sources file.")
SOURCE_NAME_OPTION = typer.Option(None, "--source", help="Only this source (its name in the sources file).")


def _load_sources(path: Path):  # type: ignore[no-untyped-def]
    from pipeline.sources import SourcesError, load_config

    try:
        return load_config(path)
    except SourcesError as exc:
        err.print(f"[red]taqrir: {exc}[/red]")
        raise typer.Exit(2) from None


def _print_fetched(reports: list[dict]) -> None:
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


@sources_app.command("check")
def sources_check(sources: Path = SOURCES_FILE_OPTION, source: str | None = SOURCE_NAME_OPTION,
                  out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION) -> None:  # fmt: skip
    """List what each source offers that was never fetched (new), without downloading any report."""
    from pipeline.sources import SourcesError, check_sources

    config = _load_sources(sources)
    try:
        reports = check_sources(config, _store(out_dir, db_url), name=source)
    except SourcesError as exc:
        err.print(f"[red]taqrir: {exc}[/red]")
        raise typer.Exit(2) from None
    _print_fetched([r.as_dict() for r in reports])
    if any(r.error for r in reports):
        raise typer.Exit(1)


@app.command("fetch")
def fetch(sources: Path = SOURCES_FILE_OPTION, source: str | None = SOURCE_NAME_OPTION,
          raw_dir: Path | None = typer.Option(None, "--raw", help="Download into RAW/<source>/ (default: the file's raw_dir)."),
          out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION) -> None:  # fmt: skip
    """Download what is new or changed from the sources into raw/<source>/ (nothing there is overwritten)."""
    from pipeline.sources import SourcesError, fetch_sources

    config = _load_sources(sources)
    store = _store(out_dir, db_url)
    try:
        with store.fetch_lock():
            reports = fetch_sources(config, store, name=source, raw_dir=raw_dir)
    except SourcesError as exc:
        err.print(f"[red]taqrir: {exc}[/red]")
        raise typer.Exit(2) from None
    _print_fetched([r.as_dict() for r in reports])
    if any(r.error or r.failed for r in reports):
        raise typer.Exit(1)


# The store: records, review, users, exports --------------------------------------------------------

db_app = typer.Typer(no_args_is_help=True, help="The store's schema.")
records_app = typer.Typer(no_args_is_help=True, help="Project records in the store: list, show, correct, review.")
users_app = typer.Typer(no_args_is_help=True, help="Accounts of reviewers and admins.")
app.add_typer(db_app, name="db")
app.add_typer(records_app, name="records")
app.add_typer(users_app, name="users")
model_app = typer.Typer(no_args_is_help=True, help="Versions of the statistical model reviewers trained.")
registry_app = typer.Typer(no_args_is_help=True, help="Additions to the organization registry proposed by reviews.")
app.add_typer(model_app, name="model")
app.add_typer(registry_app, name="registry")

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
    order: str = typer.Option("document", "--order", help="document (reading order), name, confidence, -confidence, updated, or teaching (what would teach the model most: uncertain or flagged first)."),
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
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv, xlsx, parquet or iati (IATI 2.03 activities)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: OUT/records.FORMAT; records.xml for iati)."),
    status: str | None = typer.Option(None, "--status", help="Only records with this review status."),
    flag: str | None = typer.Option(None, "--flag", help="Only records with this flag."),
    include_unreviewed: bool = typer.Option(
        False, "--include-unreviewed", help="iati: publish pending records too (accepted ones only by default; rejected never)."
    ),
    out_dir: Path = OUT_OPTION,
    db_url: str | None = DB_OPTION,
) -> None:
    """Write the records with their review status, reviewed values in place, extracted ones beside;
    or, as IATI activities, the reviewed records (settings: [iati] in taqrir.toml, docs/iati.md)."""
    from pipeline.export import export_records
    from pipeline.export.iati import SettingsError

    store = _store(out_dir, db_url)
    target = output or out_dir / f"records.{'xml' if fmt == 'iati' else fmt}"
    try:
        report = export_records(store, fmt, target, status=status, flag=flag, include_unreviewed=include_unreviewed)
    except (ValueError, SettingsError) as exc:
        err.print(f"taqrir: {exc}", style="red", markup=False)
        raise typer.Exit(2) from None
    if report.wrote_file:
        out.print(f"wrote {report.written} records to {target}")
    else:
        out.print(f"nothing written to {target}: no record to publish", markup=False)
    for reason, count in report.left_out.items():
        out.print(f"left out: {count} {reason}", markup=False)
    for line in report.notes:
        out.print(line, markup=False)
    if not report.wrote_file:
        raise typer.Exit(1)


@app.command("report")
def report(
    output: Path = typer.Option(Path("overview.html"), "--output", "-o", help="The HTML file to write."),
    out_dir: Path = OUT_OPTION,
    db_url: str | None = DB_OPTION,
) -> None:
    """Write the portfolio overview (the review app's /overview) as one HTML file that opens offline."""
    from pipeline.report import compute_overview, write_report

    store = _store(out_dir, db_url)
    overview = compute_overview(store)
    write_report(overview, output, source=store.engine.url.render_as_string(hide_password=True))
    totals = ", ".join(f"{t.total:,.0f} {t.currency or 'no currency'}" for t in overview.totals) or "no amounts"
    out.print(f"wrote {output}: {overview.documents} reports, {overview.total_records} records "
              f"({overview.counted} counted: rejected left out); {totals}")


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


@model_app.command("list")
def model_list() -> None:
    """Every model version kept, the one in use marked, with its held-out scores."""
    from extractors.models import ModelError, ModelVersions

    versions = ModelVersions.default()
    try:
        models, current = versions.list(), versions.current()
    except ModelError as exc:
        err.print(f"[red]taqrir: {exc}[/red]")
        raise typer.Exit(2) from None
    table = Table(title=f"models in {versions.root}")
    for column in ("version", "in use", "created", "trained on", "held out", "ORG F1 before", "ORG F1 after"):
        table.add_column(column)
    for m in models:
        table.add_row(m["version"], "*" if m["version"] == current else "", m.get("created_at", ""),
                      str(m.get("trained_on", "")), str(m.get("heldout", "")),
                      f"{m['before']['ORG']['f1']:.3f}" if "before" in m else "",
                      f"{m['after']['ORG']['f1']:.3f}" if "after" in m else "")  # fmt: skip
    out.print(table)
    if current is None:
        out.print("in use: no learned model (the rules alone, and the shipped model as pipeline.cfg says)")


@model_app.command("use")
def model_use(version: str = typer.Argument(..., help="A version of `taqrir model list`, or `none` for the rules alone.")) -> None:
    """Use model VERSION from the next run on (results then carry it in their pipeline version)."""
    from extractors.models import ModelError, ModelVersions
    from pipeline.process import pipeline_version

    try:
        ModelVersions.default().use(None if version == "none" else version)
    except ModelError as exc:
        err.print(f"[red]taqrir: {exc}[/red]")
        raise typer.Exit(2) from None
    out.print(f"in use: {version}; pipeline version {pipeline_version()}")


@registry_app.command("proposals")
def registry_proposals(as_json: bool = typer.Option(False, "--jsonl", help="One JSON object per line.")) -> None:
    """Bodies reviewers vouched for that the registry does not know (written by `taqrir train`)."""
    from pipeline.learn.proposals import ProposalError, read_proposals

    try:
        proposals = read_proposals()
    except ProposalError as exc:
        err.print(f"[red]taqrir: {exc}[/red]")
        raise typer.Exit(2) from None
    if as_json:
        for p in proposals:
            sys.stdout.write(json.dumps(p, ensure_ascii=False) + "\n")
        return
    table = Table(title="registry proposals")
    for column in ("name", "seen", "as", "documents"):
        table.add_column(column)
    for p in proposals:
        table.add_row(p["name"], str(p["count"]), ", ".join(p["seen_as"]), "; ".join(p["documents"][:3]))
    out.print(table)


@registry_app.command("accept")
def registry_accept(
    name: str = typer.Argument(..., help="The proposed name, as listed."),
    canonical: str | None = typer.Option(None, "--canonical", help="The body's name to give (default: NAME)."),
    registry_id: str | None = typer.Option(None, "--id", help="Its registry id (default: LOCAL-<hash>)."),
    acronym: list[str] = typer.Option([], "--acronym", help="An acronym of the body (repeatable)."),
) -> None:
    """Add a proposed body to the project-local registry overlay (never to the shipped registry)."""
    from extractors.models import overlay_path
    from pipeline.learn.proposals import ProposalError, accept

    try:
        body = accept(name, canonical, registry_id, acronym)
    except ProposalError as exc:
        err.print(f"[red]taqrir: {exc}[/red]")
        raise typer.Exit(2) from None
    out.print(f"registered {body['id']}: {body['canonical']} (in {overlay_path()})")
