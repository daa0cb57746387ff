"""IATI 2.03 activity files from the record store: one `iati-activity` per record as it stands.

`mapping` makes an `Activity` of a record (what IATI needs the report did not give is said, never
made up), `build` writes the XML with lxml, `rules` runs the IATI ruleset checks on it, `settings`
reads who publishes (`[iati]` in taqrir.toml, `TAQRIR_IATI_*`). Registered as the exporter `iati`,
which publishes: accepted records, pending ones only when asked, rejected ones never.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

from pipeline.export.iati.build import iati_activities, serialize
from pipeline.export.iati.mapping import MISSING, Activity, map_record
from pipeline.export.iati.rules import RULES, Finding, check_activities
from pipeline.export.iati.settings import PLACEHOLDER_REF, IatiSettings, SettingsError, load_settings
from pipeline.export.records import ExportReport, register_exporter
from pipeline.files import atomic_write
from pipeline.store import RecordView

EXAMPLES_SHOWN = 3  # findings printed per rule; the report keeps them all


def export_iati(views: list[RecordView], path: Path, settings: IatiSettings | None = None,
                today: date | None = None, generated: datetime | None = None) -> ExportReport:  # fmt: skip
    """Write the records' activities to `path`; the report says what was left out, what the sources
    did not give, and what the ruleset checks found."""
    settings = settings or load_settings()
    today = today or date.today()
    activities: list[Activity] = []
    left_out: dict[str, list[str]] = {}
    for view in views:
        mapped = map_record(view, settings, today)
        if isinstance(mapped, str):
            left_out.setdefault(mapped, []).append(view.record_id)
        else:
            activities.append(mapped)
    warnings = setting_warnings(settings)
    if not activities:  # the schema wants at least one iati-activity: an empty file would not validate
        return ExportReport(
            written=0,
            left_out={reason: len(ids) for reason, ids in left_out.items()},
            notes=warnings,
            wrote_file=False,
        )
    header = [
        *warnings,
        *(f"{len(ids)} record(s) left out, {reason}: {', '.join(ids)}" for reason, ids in left_out.items()),
    ]
    tree = iati_activities(activities, settings, generated or datetime.now(), header)
    findings = check_activities(tree, today)
    content = serialize(tree)

    def write(tmp: Path) -> None:
        tmp.write_bytes(content)

    atomic_write(path, write)
    return ExportReport(
        written=len(activities), left_out={reason: len(ids) for reason, ids in left_out.items()},
        notes=[*warnings, *missing_lines(activities), *finding_lines(findings)], findings=findings,
    )  # fmt: skip


def setting_warnings(settings: IatiSettings) -> list[str]:
    warnings = []
    if settings.placeholder:
        warnings.append(f"the reporting organisation is not set: {PLACEHOLDER_REF} written in its place "
                        "(set reporting_org_ref in the [iati] table of taqrir.toml, or TAQRIR_IATI_REPORTING_ORG_REF)")  # fmt: skip
    elif not settings.reporting_org_type:
        warnings.append("reporting_org_type is not set: 90 (Other) written")
    if not settings.document_url:
        warnings.append(
            "document links point at local files (set document_url in [iati] to where readers find the reports)"
        )
    return warnings


def missing_lines(activities: list[Activity]) -> list[str]:
    counts = Counter(key for activity in activities for key in set(activity.missing))
    if not counts:
        return []
    lines = [f"not given by the source reports (activities of {len(activities)}):"]
    lines += [f"  {counts[key]:>5}  {text}" for key, text in MISSING.items() if counts[key]]
    return lines


def finding_lines(findings: list[Finding]) -> list[str]:
    if not findings:
        return ["IATI ruleset checks: all passed"]
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    lines = [f"IATI ruleset checks: {len(findings)} finding(s)"]
    for rule, items in by_rule.items():
        lines.append(f"  {len(items):>5}  {rule}: {RULES[rule]}")
        lines += [f"         {f.identifier}: {f.message}" for f in items[:EXAMPLES_SHOWN]]
    return lines


@register_exporter("iati", publishes=True)
def export_iati_file(views: list[RecordView], path: Path) -> ExportReport:
    return export_iati(views, path)


__all__ = ["IatiSettings", "SettingsError", "export_iati", "load_settings"]
