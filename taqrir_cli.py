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

from pipeline.model import ExtractionResult

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="taqrir: Arabic reports in, structured project records out.",
)
err = Console(stderr=True, soft_wrap=True, highlight=False)


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"


@app.command()
def run(
    raw_dir: Path = typer.Argument(Path("raw"), help="Folder (or file) of reports to process."),
    out_dir: Path = typer.Option(Path("processed"), "--out", help="Where outputs and the database go."),
    db_url: str | None = typer.Option(None, "--db", help="SQLAlchemy URL of the store (default: OUT/taqrir.db)."),
    force: bool = typer.Option(False, "--force", help="Process every file again, changed or not."),
) -> None:
    """Run the Prefect flow: process new or changed reports and refresh the outputs."""
    if not raw_dir.exists():
        err.print(f"[red]taqrir: {raw_dir}: no such file or folder[/red]")
        raise typer.Exit(2)
    from flows.process import process_reports

    summary = process_reports(raw_dir=str(raw_dir), out_dir=str(out_dir), db_url=db_url, force=force)
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
        sys.stdout.write(result.to_json() + "\n")
        sys.stdout.flush()
    else:
        collected.append(result.model_dump(mode="json"))
    return int(result.document.status == "error")


@app.command()
def entities() -> None:
    """Read JSON Lines {"id", "text"} on stdin; write {"id", "entities"} per line."""
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
        found = [e.model_dump(mode="json") for e in extract_text_entities(text)]
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


if __name__ == "__main__":
    app()
