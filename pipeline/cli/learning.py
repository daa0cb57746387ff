"""`taqrir model` and `taqrir registry`: the model versions reviewers trained, and the registry additions
their reviews propose (docs/learning.md)."""

from __future__ import annotations

import json
import sys

import typer
from rich.table import Table

from pipeline.cli.common import err, out

model_app = typer.Typer(no_args_is_help=True, help="Versions of the statistical model reviewers trained.")
registry_app = typer.Typer(no_args_is_help=True, help="Additions to the organization registry proposed by reviews.")


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
