"""The store's command line: users, records list/show/set/accept/reject/resolve/history, export."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.process import PIPELINE_VERSION, process_file
from pipeline.store import Store
from taqrir_cli import app
from tests.conftest import SAMPLES

PASSWORD = "a long reviewer password"


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'taqrir.db'}"
    store = Store(url)
    for path in SAMPLES:
        store.save(process_file(path), PIPELINE_VERSION)
    store.close()
    return url


def taqrir(*args: str, stdin: str | None = None, env: dict | None = None):
    return CliRunner().invoke(app, list(args), input=stdin, env=env)


def programme_id(db: str) -> str:
    listed = taqrir("records", "list", "--jsonl", "--document", "004_010f2b19d76e34c4.txt", "--db", db)
    [line] = listed.stdout.splitlines()
    return json.loads(line)["record_id"]


def test_users_add_from_stdin_and_environment(db):
    added = taqrir("users", "add", "amina", "--password-stdin", "--db", db, stdin=PASSWORD + "\n")
    assert added.exit_code == 0 and added.stdout == "user amina added (reviewer)\n"
    assert PASSWORD not in added.output
    admin = taqrir("users", "add", "omar", "--role", "admin", "--db", db, env={"TAQRIR_PASSWORD": "another long one"})
    assert admin.exit_code == 0
    assert taqrir("users", "list", "--db", db).stdout == "amina\treviewer\nomar\tadmin\n"
    again = taqrir("users", "add", "amina", "--password-stdin", "--db", db, stdin=PASSWORD + "\n")
    assert again.exit_code == 2 and "user 'amina' exists already" in again.output
    assert Store(db).check_password("omar", "another long one") == ("omar", "admin")


def test_review_round_trip_on_the_command_line(db, tmp_path):
    taqrir("users", "add", "amina", "--password-stdin", "--db", db, stdin=PASSWORD + "\n")
    record_id = programme_id(db)
    done = taqrir("records", "set", record_id, "amounts", "6 990 500 MAD (2017); 1 899 500 MAD (2018)", "-u", "amina", "--db", db)
    assert done.exit_code == 0, done.output
    assert taqrir("records", "set", record_id, "end", "2019", "-u", "mallory", "--db", db).exit_code == 2
    refused = taqrir("records", "set", record_id, "start", "ربيع 2017", "-u", "amina", "--db", db)
    assert refused.exit_code == 2 and "invalid value for start" in refused.output
    assert taqrir("records", "accept", record_id, "-u", "amina", "--db", db).stdout == f"{record_id}: accepted\n"

    shown = json.loads(taqrir("records", "show", record_id, "--db", db).stdout)
    assert shown["status"] == "accepted" and shown["reviewed_by"] == "amina"
    assert shown["amounts"] == [{"amount": 6990500.0, "currency": "MAD", "year": 2017},
                                {"amount": 1899500.0, "currency": "MAD", "year": 2018}]  # fmt: skip
    assert shown["extracted"] == {"amounts": [{"amount": 6991500.0, "currency": "MAD", "year": 2017},
                                              {"amount": 1899500.0, "currency": "MAD", "year": 2018}]}  # fmt: skip
    history = taqrir("records", "history", record_id, "--db", db).stdout
    assert "amina" in history and "accepted" in history and "set" in history
    accepted = taqrir("records", "list", "--status", "accepted", "--jsonl", "--db", db).stdout.splitlines()
    assert [json.loads(line)["record_id"] for line in accepted] == [record_id]
    assert "records 1-16 of 16" in taqrir("records", "list", "--limit", "100", "--db", db).stdout
    assert taqrir("records", "show", "rec-nope", "--db", db).exit_code == 2

    # exports: reviewed values in place, the extracted value beside, the review status
    for fmt in ("jsonl", "csv", "xlsx", "parquet"):
        out = tmp_path / f"records.{fmt}"
        result = taqrir("export", "--format", fmt, "-o", str(out), "--db", db)
        assert result.stdout == f"wrote 16 records to {out}\n"
    lines = [json.loads(x) for x in (tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    row = next(x for x in lines if x["record_id"] == record_id)
    assert row["status"] == "accepted" and row["amounts"][0]["amount"] == 6990500.0
    assert row["extracted"]["amounts"][0]["amount"] == 6991500.0
    frame = pd.read_csv(tmp_path / "records.csv", encoding="utf-8-sig")
    reviewed = frame[frame.record_id == record_id].iloc[0]
    assert reviewed["amounts"] == "6,990,500.00 MAD (2017); 1,899,500.00 MAD (2018)"
    assert reviewed["extracted_amounts"] == "6,991,500.00 MAD (2017); 1,899,500.00 MAD (2018)"
    assert frame["extracted_amounts"].isna().sum() == 15  # only where a reviewer's value differs
    parquet = pd.read_parquet(tmp_path / "records.parquet")
    assert list(parquet.record_id) == list(frame.record_id) and list(parquet.columns) == list(frame.columns)
    assert parquet[parquet.record_id == record_id].iloc[0]["extracted_amounts"] == reviewed["extracted_amounts"]
    sheet = openpyxl.load_workbook(tmp_path / "records.xlsx")["المشاريع"]
    assert sheet.sheet_view.rightToLeft
    headings = [c.value for c in sheet[1]]
    assert headings.index("المبالغ (amounts) - المستخرج (extracted)") == headings.index("المبالغ (amounts)") + 1
    only = taqrir("export", "--format", "jsonl", "--status", "accepted", "-o", str(tmp_path / "a.jsonl"), "--db", db)
    assert only.stdout.startswith("wrote 1 records")
    assert taqrir("export", "--format", "pdf", "--db", db).exit_code == 2


def test_db_upgrade_reports_the_revision(db):
    assert taqrir("db", "upgrade", "--db", db).stdout.endswith("schema revision 0003\n")


def test_a_record_named_in_many_reports_fits_a_spreadsheet_cell():
    from pipeline.export.records import evidence_text
    from pipeline.model import Evidence

    pieces = [Evidence(start=0, end=5, text=f"مشروع  رقم {i}") for i in range(12)]
    assert evidence_text(pieces, shown=2) == "مشروع رقم 0 | مشروع رقم 1 | … (+10)"
    assert evidence_text(pieces[:2], shown=2) == "مشروع رقم 0 | مشروع رقم 1"
