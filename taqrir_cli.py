"""`taqrir`: the command line. Each command parses its arguments, calls one core function, prints."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from pipeline.cli import learning as learning_cli
from pipeline.cli import sources as sources_cli
from pipeline.cli import store as store_cli
from pipeline.cli.common import DB_OPTION, OUT_OPTION, err, load_sources, open_store, out, print_fetched
from pipeline.model import ExtractionResult
from pipeline.runtime import keep_torch_out

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="taqrir: Arabic reports in, structured project records out.",
)
SOURCES_OPTION = typer.Option(None, "--sources", help="A sources file (sources.toml): fetch new reports first.")
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
        load_sources(sources)  # a wrong sources file stops here, before any work
    elif not raw_dir.exists():
        err.print(f"[red]taqrir: {raw_dir}: no such file or folder[/red]")
        raise typer.Exit(2)
    engine = _engine(workers, dask, dask_address)
    keep_torch_out()  # before the pipeline is imported: the flow's process extracts small runs itself
    from flows.run import run_reports

    summary = run_reports(raw_dir=str(raw_dir), out_dir=str(out_dir), db_url=db_url, force=force, engine=engine,
                          sources=str(sources) if sources else None)  # fmt: skip
    if summary.get("fetched"):
        print_fetched(summary["fetched"])
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
    report = learn(open_store(out_dir, db_url), epochs=epochs, seed=seed, templates=templates)
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
        load_sources(sources)
    from flows.schedule import serve as serve_flow

    raise typer.Exit(serve_flow(str(raw_dir), str(out_dir), db_url, cron, interval, port, engine,
                                sources=str(sources.resolve()) if sources else None))  # fmt: skip


@app.command()
def status(out_dir: Path = OUT_OPTION, db_url: str | None = DB_OPTION, limit: int = typer.Option(10, "--limit")) -> None:
    """The last runs, the next scheduled one, and the files that keep failing."""
    from flows.schedule import next_scheduled_run

    store = open_store(out_dir, db_url)
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
    or, as IATI activities, the reviewed records (settings: the iati table of taqrir.toml, docs/iati.md)."""
    from pipeline.export import export_records
    from pipeline.export.iati import SettingsError

    store = open_store(out_dir, db_url)
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

    store = open_store(out_dir, db_url)
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

    store = open_store(out_dir, db_url)
    if not store.users():
        err.print("[yellow]taqrir: no accounts yet: add one with `taqrir users add NAME --role admin`[/yellow]")
    out.print(f"taqrir review: http://{host}:{port}/  (store {store.url})")
    # one process: sessions and the login rate limit live in its memory
    uvicorn.run(create_app(store, Settings(secure_cookies=secure_cookies)), host=host, port=port, log_level="info")


app.add_typer(sources_cli.sources_app, name="sources")
app.command("fetch")(sources_cli.fetch)
app.add_typer(store_cli.db_app, name="db")
app.add_typer(store_cli.records_app, name="records")
app.add_typer(store_cli.users_app, name="users")
app.add_typer(learning_cli.model_app, name="model")
app.add_typer(learning_cli.registry_app, name="registry")


if __name__ == "__main__":
    app()
