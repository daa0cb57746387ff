"""The IATI export: real exports of the sample reports validated against the official IATI 2.03
schema (../shared/iati/), exact values of a few projects, what goes out after review, identifiers
that stay across re-extractions, the ruleset checks and the settings."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from pipeline.export.iati import IatiSettings, SettingsError, load_settings
from pipeline.export.iati.mapping import activity_dates, first_day, last_day
from pipeline.export.iati.rules import check_activities
from pipeline.model import Evidence, ProjectRecord
from pipeline.process import PIPELINE_VERSION, process_file
from pipeline.store import Store
from taqrir_cli import app
from tests.conftest import ROOT, SAMPLES

SCHEMA_PATH = ROOT.parent / "shared" / "iati" / "iati-activities-schema.xsd"
REF = "MA-TEST-7"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Stable ids of sample projects (pipeline/records/identity.py: from the acronym or the name)
DEPOMI = "rec-e0e8da8bac4c5238"  # 000/002: funded by the EU, carried out by Enabel, launched 9 April 2021
MOBILITY = "rec-63039e9e1f8b72b8"  # 001: 5 million euros from the EU over 2014-2016
PARTNERSHIP = "rec-7e7b1d91403c24e5"  # 004: the ministry's partnership with associations, 2017 and 2018
CLE_EN_MAIN = "rec-1d4f968fd362e686"  # 000: a French name and an Arabic one
MC2CM = "rec-053987cd1686d295"
ICMD = "rec-a8799dc15a64d38a"  # 001: no period: cannot be an IATI activity


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    if not SCHEMA_PATH.exists():  # like the real documents: shared/ sits beside the repository (CI has it)
        pytest.skip(f"the IATI schema is not here: {SCHEMA_PATH} (shared/iati/ beside the repository)")
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("iati") / "samples.db"
    store = Store(f"sqlite:///{path}")
    for sample in SAMPLES:
        store.save(process_file(sample), PIPELINE_VERSION)
    store.add_user("amina", "reviewer", "a long reviewer password")
    store.close()
    return path


@pytest.fixture
def db(samples_db, tmp_path) -> str:
    """A store of the samples of this test's own (a copy: tests review records)."""
    copy = tmp_path / "taqrir.db"
    shutil.copy(samples_db, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def config(tmp_path) -> Path:
    path = tmp_path / "taqrir.toml"
    path.write_text(
        f'[iati]\nreporting_org_ref = "{REF}"\nreporting_org_name = "Ministère de test"\nreporting_org_type = "10"\n'
        'document_url = "https://reports.example.org/{name}"\n',
        encoding="utf-8",
    )
    return path


def export(db: str, out: Path, config: Path | None, *extra: str):
    env = {"TAQRIR_CONFIG": str(config) if config else str(out.parent / "absent.toml")}
    result = CliRunner().invoke(
        app, ["export", "--format", "iati", "-o", str(out), "--db", db, *extra], env=env
    )
    assert result.exit_code == 0, result.output
    return result


def activity(tree: etree._ElementTree, record_id: str) -> etree._Element:
    [found] = [
        a
        for a in tree.getroot().findall("iati-activity")
        if a.findtext("iati-identifier") == f"{REF}-{record_id}"
    ]
    return found


def orgs(element: etree._Element) -> list[tuple[str, str | None, str]]:
    return [
        (o.get("role"), o.get("ref"), o.findtext("narrative")) for o in element.findall("participating-org")
    ]


def dates(element: etree._Element) -> list[tuple[str, str]]:
    return [(d.get("type"), d.get("iso-date")) for d in element.findall("activity-date")]


def budgets(element: etree._Element) -> list[tuple[str, str, str, str, str]]:
    return [(b.find("period-start").get("iso-date"), b.find("period-end").get("iso-date"),
             b.find("value").get("currency"), b.find("value").get("value-date"), b.findtext("value"))
            for b in element.findall("budget")]  # fmt: skip


def test_the_samples_export_validates_with_exact_values(db, config, tmp_path, schema):
    out = tmp_path / "samples.xml"
    result = export(db, out, config, "--include-unreviewed")
    tree = etree.parse(str(out))
    schema.assertValid(tree)
    activities = tree.getroot().findall("iati-activity")
    assert len(activities) == 10
    assert "wrote 10 records to" in result.stdout
    assert "left out: 6 no period stated (IATI requires an activity date)" in result.stdout
    assert all(a.findtext("iati-identifier").startswith(f"{REF}-rec-") for a in activities)
    assert {a.find("reporting-org").get("ref") for a in activities} == {REF}

    depomi = activity(tree, DEPOMI)
    assert orgs(depomi)[:2] == [
        ("1", None, "European Union"),
        ("4", "BE-BCE_KBO-0264814354", "Enabel, Belgian Development Agency"),
    ]
    assert [n.get(XML_LANG) for n in depomi.find("participating-org").findall("narrative")] == ["en", "ar"]
    assert dates(depomi) == [("2", "2021-04-09")]
    assert depomi.find("activity-status").get("code") == "2"  # launched, no end reported
    assert [d.get("url") for d in depomi.findall("document-link")] == [
        "https://reports.example.org/000_ce7e87e2b4e5dfe7.txt", "https://reports.example.org/002_a7905ca1acaec05e.txt"]  # fmt: skip
    assert {d.get("format") for d in depomi.findall("document-link")} == {"text/plain"}
    assert [(r.get("code")) for r in depomi.findall("recipient-country")] == ["MA"]
    assert [(loc.findtext("name/narrative"), loc.find("location-class").get("code")) for loc in depomi.findall("location")] == [
        ("جهة بني ملال-خنيفرة", "1"), ("جهة الشرق", "1"), ("جهة سوس-ماسة", "1")]  # fmt: skip

    mobility = activity(tree, MOBILITY)
    assert orgs(mobility) == [("1", None, "European Union")]
    assert dates(mobility) == [("1", "2014-01-01"), ("3", "2016-12-31")]
    assert mobility.find("activity-date").findtext("narrative") == "The source report gives 2014 only"
    assert budgets(mobility) == [("2014-01-01", "2016-12-31", "EUR", "2014-01-01", "5000000")]

    partnership = activity(tree, PARTNERSHIP)
    assert budgets(partnership) == [("2017-01-01", "2017-12-31", "MAD", "2017-01-01", "6991500"),
                                    ("2018-01-01", "2018-12-31", "MAD", "2018-01-01", "1899500")]  # fmt: skip
    assert ("4", "XM-DAC-47066", "International Organization for Migration") in orgs(partnership)
    assert dates(partnership) == [("2", "2017-01-01"), ("4", "2018-12-31")]
    assert partnership.find("activity-status").get("code") == "3"  # the report says it ended

    mc2cm = activity(tree, MC2CM)
    assert ("4", "XM-DAC-41120", "United Nations Human Settlements Programme") in orgs(mc2cm)
    assert [(n.get(XML_LANG), n.text) for n in mc2cm.find("title").findall("narrative")] == [
        ("ar", "الهجرة بين المدن المتوسطة"), ("fr", "MC2CM")]  # fmt: skip
    # the period is announced, not reported as begun: the status is inferred, and the file says so
    assert "activity-status not stated in the source report" in "".join(
        c.text for c in mc2cm.iter(etree.Comment))  # fmt: skip

    cle = activity(tree, CLE_EN_MAIN)
    assert [(n.get(XML_LANG), n.text) for n in cle.find("title").findall("narrative")] == [
        ("fr", "Clé en main"), ("ar", "التعاون اللامركزي من أجل طاقة مستدامة")]  # fmt: skip

    top = " ".join(c.text for c in tree.getroot() if isinstance(c, etree._Comment))
    assert "6 record(s) left out, no period stated (IATI requires an activity date)" in top and ICMD in top
    assert not any(a.findtext("iati-identifier").endswith(ICMD) for a in activities)


def test_the_summary_says_what_the_reports_do_not_give(db, config, tmp_path):
    result = export(db, tmp_path / "samples.xml", config, "--include-unreviewed")
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "not given by the source reports (activities of 10):" in lines
    assert "3  no funding organisation named (written as 'not stated')" in lines
    assert "8  no amount stated (no budget)" in lines
    assert "IATI ruleset checks: 1 finding(s)" in lines
    assert "1  budget_length: a budget period is not longer than one year" in lines
    assert f"{REF}-{MOBILITY}: budget period 2014-01-01 to 2016-12-31 is longer than one year" in lines
    tree = etree.parse(str(tmp_path / "samples.xml"))
    not_stated = [a for a in tree.getroot().findall("iati-activity")
                  if a.find("participating-org").findtext("narrative") == "Not stated in the source report"]  # fmt: skip
    assert len(not_stated) == 3 and {a.find("participating-org").get("role") for a in not_stated} == {"1"}


def test_only_reviewed_records_go_out_with_the_reviewers_values(db, config, tmp_path, schema):
    store = Store(db)
    store.set_field(PARTNERSHIP, "amounts", [{"amount": 6_990_500, "currency": "MAD", "year": 2017}], "amina")
    store.set_status(PARTNERSHIP, "accepted", "amina")
    store.set_status(DEPOMI, "rejected", "amina")
    store.close()
    out = tmp_path / "reviewed.xml"
    result = export(db, out, config)
    tree = etree.parse(str(out))
    schema.assertValid(tree)
    assert [a.findtext("iati-identifier") for a in tree.getroot().findall("iati-activity")] == [
        f"{REF}-{PARTNERSHIP}"
    ]
    assert budgets(activity(tree, PARTNERSHIP)) == [
        ("2017-01-01", "2017-12-31", "MAD", "2017-01-01", "6990500")
    ]
    assert "left out: 14 not reviewed yet (--include-unreviewed exports them)" in result.stdout
    assert "left out: 1 rejected by a reviewer" in result.stdout

    everything = tmp_path / "all.xml"
    export(db, everything, config, "--include-unreviewed")
    identifiers = [
        a.findtext("iati-identifier") for a in etree.parse(str(everything)).getroot().findall("iati-activity")
    ]
    assert (
        f"{REF}-{PARTNERSHIP}" in identifiers
        and f"{REF}-{DEPOMI}" not in identifiers
        and len(identifiers) == 9
    )


def test_identifiers_stay_across_a_re_extraction(db, config, tmp_path):
    first = tmp_path / "first.xml"
    export(db, first, config, "--include-unreviewed")
    store = Store(db)
    for sample in SAMPLES:  # a new pipeline version reads every report again
        store.save(process_file(sample), PIPELINE_VERSION + "+next")
    store.close()
    second = tmp_path / "second.xml"
    export(db, second, config, "--include-unreviewed")

    def identifiers(path: Path) -> list[str]:
        return sorted(
            a.findtext("iati-identifier") for a in etree.parse(str(path)).getroot().findall("iati-activity")
        )

    assert identifiers(first) == identifiers(second) and len(identifiers(first)) == 10


def test_without_settings_a_placeholder_and_a_warning(db, tmp_path, schema):
    out = tmp_path / "unset.xml"
    result = export(db, out, None, "--include-unreviewed")
    tree = etree.parse(str(out))
    schema.assertValid(tree)
    assert tree.getroot().find("iati-activity/iati-identifier").text.startswith("XX-TAQRIR-UNSET-rec-")
    assert "the reporting organisation is not set: XX-TAQRIR-UNSET written in its place" in result.stdout
    assert "10  reporting_org: the reporting organisation is set (not taqrir's placeholder)" in result.stdout
    assert tree.getroot().find("iati-activity/document-link").get("url").startswith("file:///")


def test_with_nothing_to_publish_no_file_is_written(db, config, tmp_path):
    out = tmp_path / "none.xml"
    env = {"TAQRIR_CONFIG": str(config)}
    result = CliRunner().invoke(app, ["export", "--format", "iati", "-o", str(out), "--db", db], env=env)
    assert (
        result.exit_code == 1
    )  # the schema wants at least one iati-activity: an empty file would be invalid
    assert f"nothing written to {out}: no record to publish" in result.stdout
    assert "left out: 16 not reviewed yet (--include-unreviewed exports them)" in result.stdout
    assert not out.exists()


RULES_SAMPLE = """<iati-activities version="2.03">
 <iati-activity><iati-identifier>OTHER-1</iati-identifier><reporting-org ref="MA-X" type="10"/>
  <activity-status code="2"/>
  <activity-date type="3" iso-date="2020-12-31"/><activity-date type="4" iso-date="2099-01-01"/>
  <activity-date type="2" iso-date="2100-01-01"/>
  <recipient-country code="MA"/><recipient-country code="FR"/>
  <budget><period-start iso-date="2020-01-01"/><period-end iso-date="2019-12-31"/><value currency="dh" value-date="2020-01-01">1</value></budget>
 </iati-activity>
 <iati-activity><iati-identifier>MA-X-2</iati-identifier><reporting-org ref="MA-X" type="10"/>
  <activity-date type="1" iso-date="2021-01-01"/><activity-date type="3" iso-date="2020-01-01"/>
 </iati-activity>
 <iati-activity><iati-identifier>MA-X-2</iati-identifier><reporting-org ref="MA-X" type="10"/>
  <activity-date type="1" iso-date="2019-01-01"/>
 </iati-activity>
 <iati-activity><iati-identifier>MA-X-3</iati-identifier><reporting-org ref="MA-X" type="10"/>
  <activity-date type="3" iso-date="2019-01-01"/>
 </iati-activity>
</iati-activities>"""


def test_the_ruleset_checks_find_what_a_validator_would():
    findings = check_activities(etree.ElementTree(etree.fromstring(RULES_SAMPLE)), today=date(2026, 12, 1))
    assert [(f.rule, f.identifier) for f in findings] == [
        ("identifier_prefix", "OTHER-1"),
        ("date_order", "OTHER-1"),
        ("actual_not_future", "OTHER-1"),
        ("actual_not_future", "OTHER-1"),
        ("budget_order", "OTHER-1"),
        ("currency", "OTHER-1"),
        ("country_percentages", "OTHER-1"),
        ("identifier_unique", "MA-X-2"),
        ("date_order", "MA-X-2"),
        ("identifier_unique", "MA-X-2"),
        ("start_date", "MA-X-3"),
    ]  # fmt: skip
    assert findings[1].message == "activity-date type 2 2100-01-01 is after type 4 2099-01-01"


def test_dates_given_to_the_year_or_month_take_the_first_or_last_day():
    assert (first_day("2014"), last_day("2016"), first_day("2023-02"), last_day("2024-02"), last_day("2023-05-09")) == (
        "2014-01-01", "2016-12-31", "2023-02-01", "2024-02-29", "2023-05-09")  # fmt: skip
    record = ProjectRecord(name="برنامج", start="2023-02", end="2023-05-09", date_status="planned", confidence=0.5,
                           evidence=Evidence(start=0, end=6, text="برنامج"))  # fmt: skip
    from pipeline.export.iati.mapping import Activity

    holder = Activity("X-1", "rec-1", None, [], [], [], "2", [])
    found = activity_dates(record, holder)
    assert [(d.type, d.iso_date, [n.text for n in d.narratives]) for d in found] == [
        ("1", "2023-02-01", ["The source report gives 2023-02 only", "يذكر التقرير المصدر 2023-02 فقط"]),
        ("3", "2023-05-09", []),
    ]
    assert holder.missing == ["day"]


def test_settings_from_the_project_file_and_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "taqrir.toml"
    path.write_text(
        '[iati]\nreporting_org_ref = "MA-FILE-1"\nreporting_org_name = "من الملف"\n', encoding="utf-8"
    )
    settings = load_settings(path, environ={"TAQRIR_IATI_REPORTING_ORG_REF": "MA-ENV-2"})
    assert settings == IatiSettings(reporting_org_ref="MA-ENV-2", reporting_org_name="من الملف")
    assert load_settings(path, environ={}).reporting_ref == "MA-FILE-1"
    monkeypatch.delenv("TAQRIR_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)  # none named: the working directory's taqrir.toml
    assert load_settings(environ={}).reporting_org_name == "من الملف"
    monkeypatch.chdir(tmp_path.parent)  # and none there: nothing set, the placeholder
    assert load_settings(environ={}).reporting_ref == "XX-TAQRIR-UNSET"
    with pytest.raises(SettingsError, match="absent.toml: no such settings file"):
        load_settings(tmp_path / "absent.toml", environ={})
    path.write_text('[iati]\nreporting_org = "MA-1"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"taqrir.toml: unknown \[iati\] key 'reporting_org'"):
        load_settings(path, environ={})
    path.write_text("[iati\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="taqrir.toml: not a TOML file"):
        load_settings(path, environ={})


def test_a_broken_settings_file_is_named_and_nothing_is_written(db, tmp_path):
    broken = tmp_path / "taqrir.toml"
    broken.write_text("[iati]\nreporting_org_ref = 7\n", encoding="utf-8")
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(
        app, ["export", "--format", "iati", "-o", str(out), "--db", db], env={"TAQRIR_CONFIG": str(broken)}
    )
    assert result.exit_code == 2
    assert f"{broken}: [iati] reporting_org_ref must be a string" in result.output
    assert not out.exists()


def test_the_registrys_iati_identifiers_and_languages_are_well_formed():
    import json
    import re

    from extractors.places import country_codes, read_place_data

    bodies = json.loads((ROOT / "extractors" / "data" / "org_registry.json").read_text(encoding="utf-8"))["bodies"]
    refs = {b["id"]: b["iati_ref"] for b in bodies if "iati_ref" in b}
    # an organisation identifier is a registration agency's prefix (XM-DAC, FR, BE-BCE_KBO ...) and a number
    assert all(re.fullmatch(r"[A-Z]{2}(-[A-Z0-9_]+)*-[A-Z0-9.]+", ref) for ref in refs.values()), refs
    assert refs["AFD"] == "FR-3" and refs["IOM"] == "XM-DAC-47066" and "EU" not in refs
    assert {b["canonical_lang"] for b in bodies} <= {"en", "fr", "es", "de"}
    assert len(country_codes()) == len(read_place_data()["countries"]) == len(set(country_codes().values()))
    assert country_codes()["المغرب"] == "MA"
