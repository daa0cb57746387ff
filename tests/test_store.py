"""The record store on real SQLite and real PostgreSQL: stable ids, corrections that survive every
re-extraction, conflicts, records no longer found, the audit log, migrations."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool

from pipeline.model import ExtractionResult
from pipeline.process import process_file
from pipeline.store import ReviewError, Store, UserError
from pipeline.store.models import AuditRow, Base, MentionRow, RecordRow
from tests.conftest import ROOT, SAMPLES, sample

V1, V2 = "0.2.0", "9.9.9"
OLD_STORE = ROOT / "tests" / "fixtures" / "store" / "taqrir-0.2.0.db"


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    for path in SAMPLES:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def store(db_url):
    opened = Store(db_url)
    opened.add_user("amina", "reviewer", "correct horse battery")
    yield opened
    opened.close()


def ingest_all(store: Store, raw, version: str) -> dict[str, ExtractionResult]:
    results = {}
    for path in sorted(raw.iterdir()):
        results[path.name[:3]] = result = process_file(path)
        store.save(result, version)
    return results


def ids_by_name(store: Store) -> dict[str, str]:
    return {v.values["name"]: v.record_id for v in store.records()}


def record_named(store: Store, prefix: str):
    return next(v for v in store.records() if v.values["name"].startswith(prefix))


def test_records_get_stable_ids_and_merge_across_reports(store, raw):
    ingest_all(store, raw, V1)
    views = store.records()
    assert len(views) == 16 and store.count_records() == 16
    assert len({v.record_id for v in views}) == 16 and all(v.record_id.startswith("rec-") for v in views)
    depomi = next(v for v in views if v.values["acronym"] == "DEPOMI")
    # named in two reports: one record, both documents, evidence from each
    assert [d.rsplit("/", 1)[1][:3] for d in depomi.record.documents] == ["000", "002"]
    assert {e.document.rsplit("/", 1)[1][:3] for e in depomi.record.evidences} == {"000", "002"}
    assert depomi.values["start"] == "2021-04-09"  # the period only report 002 gives
    assert "no_period" not in depomi.flags
    assert store.count_records(document="002_a7905ca1acaec05e.txt") == 1
    assert store.counts_by_status() == {"pending": 16}


def test_correction_survives_new_version_and_changed_file(store, raw):
    ingest_all(store, raw, V1)
    before = ids_by_name(store)
    programme = record_named(store, "الشراكة مع النسيج الجمعوي")
    assert programme.values["amounts"] == [
        {"amount": 6991500.0, "currency": "MAD", "year": 2017}, {"amount": 1899500.0, "currency": "MAD", "year": 2018},
    ]  # fmt: skip
    corrected = [{"amount": 6990500.0, "currency": "MAD", "year": 2017}, {"amount": 1899500.0, "currency": "MAD", "year": 2018}]
    store.set_field(programme.record_id, "amounts", corrected, "amina")
    store.set_status(programme.record_id, "accepted", "amina")

    # a new pipeline version extracts the same: the correction stands, no conflict
    ingest_all(store, raw, V2)
    again = store.record(programme.record_id)
    assert ids_by_name(store) == before
    assert again.values["amounts"] == corrected and again.status == "accepted" and again.conflicts == {}
    assert again.differing() == {"amounts": programme.values["amounts"]}

    # the file changes and its extraction of the corrected field with it: conflict, reviewed value stands
    report = raw / sample("004").name
    report.write_text(report.read_text(encoding="utf-8").replace("1 899 500 درهم.", "1 950 000 درهم."), encoding="utf-8")
    store.save(process_file(report), V2)
    changed = store.record(programme.record_id)
    assert ids_by_name(store) == before
    assert changed.status == "accepted" and changed.values["amounts"] == corrected
    new_extraction = [{"amount": 6991500.0, "currency": "MAD", "year": 2017}, {"amount": 1950000.0, "currency": "MAD", "year": 2018}]
    assert changed.conflicts == {"amounts": {"reviewed": corrected, "extracted": new_extraction}}
    assert "review_conflict: amounts" in changed.flags
    assert [v.record_id for v in store.records(flag="review_conflict")] == [programme.record_id]

    events = [(e["user"], e["action"], e["field"]) for e in store.history(programme.record_id)]
    assert events == [
        ("taqrir 0.2.0", "created", None), ("amina", "set", "amounts"), ("amina", "accepted", None),
        ("taqrir 9.9.9", "extracted", "amounts"), ("taqrir 9.9.9", "conflict", "amounts"),
    ]  # fmt: skip
    set_event = store.history(programme.record_id)[1]
    assert set_event["old"] == programme.values["amounts"] and set_event["new"] == corrected

    # the reviewer settles it by taking the new extraction
    settled = store.resolve_conflict(programme.record_id, "amounts", "extracted", "amina")
    assert settled.values["amounts"] == new_extraction and settled.conflicts == {}
    assert "review_conflict: amounts" not in settled.flags


def test_record_no_longer_found_is_kept_and_marked(store, raw):
    ingest_all(store, raw, V1)
    icmd = next(v for v in store.records() if v.values["acronym"] == "ICMD")
    store.set_field(icmd.record_id, "funders", ["الوكالة السويسرية للتنمية والتعاون"], "amina")
    report = raw / sample("001").name
    report.write_text("تقرير عن أنشطة الجمعية خلال سنة 2024 دون أي مشروع جديد.\n", encoding="utf-8")
    store.save(process_file(report), V1)
    gone = store.record(icmd.record_id)
    assert gone is not None and not gone.in_latest and "not_in_latest_extraction" in gone.flags
    # the review is kept too, with the body the reviewer named looked up in the registry
    assert gone.values["funders"] == [{"name": "الوكالة السويسرية للتنمية والتعاون",
                                       "canonical": "Swiss Agency for Development and Cooperation", "registry_id": "SDC"}]
    assert store.count_records() == 16  # nothing deleted
    assert [e["action"] for e in store.history(icmd.record_id)][-1] == "not_in_latest_extraction"

    # the report comes back: the record is found again under the same id
    shutil.copy(sample("001"), report)
    store.save(process_file(report), V1)
    back = store.record(icmd.record_id)
    assert back.in_latest and "not_in_latest_extraction" not in back.flags


def test_renamed_record_keeps_its_id(store, raw):
    ingest_all(store, raw, V1)
    report = raw / sample("000").name
    title = record_named(store, "نحو حكاما مشتركة")
    # a reviewer fixes the typo of the title; the report is then republished with the new title
    store.set_field(title.record_id, "name", "نحو حوكمة مشتركة للمهاجرين", "amina")
    report.write_text(report.read_text(encoding="utf-8").replace("نحو حكاما مشتركة للمهاجرين", "نحو حوكمة مشتركة للمهاجرين"),
                      encoding="utf-8")  # fmt: skip
    store.save(process_file(report), V1)
    assert store.record(title.record_id).in_latest and store.count_records() == 16
    assert store.record(title.record_id).values["name"] == "نحو حوكمة مشتركة للمهاجرين"

    # a changed file spelling a name slightly differently, unreviewed: found among the file's records
    park = record_named(store, "المنتزه العمومي")
    text = report.read_text(encoding="utf-8")
    assert "المنتزه العمومي للترفيه" in text
    report.write_text(text.replace("المنتزه العمومي للترفيه", "المنتزه العمومي الكبير للترفيه"), encoding="utf-8")
    result = process_file(report)
    assert any(p.name.startswith("المنتزه العمومي الكبير") for p in result.projects)
    store.save(result, V1)
    assert store.record(park.record_id).in_latest and store.count_records() == 16
    assert store.record(park.record_id).values["name"].startswith("المنتزه العمومي الكبير")


def test_failed_file_keeps_its_records(store, raw):
    ingest_all(store, raw, V1)
    report = raw / sample("003").name
    nasharik = store.records(document=report.name)[0]
    report.write_bytes(b"\x00\x01garbage\x00" * 64)
    assert process_file(report).document.status == "error"
    store.save(process_file(report), V1)
    assert store.file_state(str(report)).status == "error"
    kept = store.record(nasharik.record_id)
    assert kept.in_latest and kept.values == nasharik.values


def test_saving_the_same_result_twice_changes_nothing(store, raw):
    results = ingest_all(store, raw, V1)
    revision = store.revision()
    assert store.save(results["004"], V1) is False
    assert store.revision() == revision
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(MentionRow)) == 17


def test_review_refuses_bad_input(store, raw):
    ingest_all(store, raw, V1)
    record_id = store.records()[0].record_id
    with pytest.raises(ReviewError, match="no active user 'mallory'"):
        store.set_field(record_id, "end", "2030", "mallory")
    with pytest.raises(ReviewError, match="unknown field 'budget'"):
        store.set_field(record_id, "budget", "1", "amina")
    with pytest.raises(ReviewError, match="invalid value for amounts"):
        store.set_field(record_id, "amounts", [{"currency": "MAD"}], "amina")
    with pytest.raises(ReviewError, match="no record 'rec-0000'"):
        store.set_status("rec-0000", "accepted", "amina")
    with pytest.raises(ReviewError, match="unknown status 'done'"):
        store.set_status(record_id, "done", "amina")
    assert [e["action"] for e in store.history(record_id)] == ["created"]


def test_users_passwords_are_hashed(store):
    assert store.check_password("amina", "correct horse battery") == ("amina", "reviewer")
    assert store.check_password("amina", "wrong password") is None
    assert store.check_password("nobody", "correct horse battery") is None
    with pytest.raises(UserError, match="exists already"):
        store.add_user("amina", "admin", "another password")
    with pytest.raises(UserError, match="at least 8 characters"):
        store.add_user("omar", "admin", "short")
    with pytest.raises(UserError, match="unknown role 'boss'"):
        store.add_user("omar", "boss", "long enough pass")
    with store.session() as s:
        stored = s.execute(select(Base.metadata.tables["users"].c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and "correct horse" not in stored


def test_entity_corrections_check_offsets(store, raw):
    results = ingest_all(store, raw, V1)
    path = results["004"].document.path
    text = results["004"].document.text
    start = text.index("المنظمة الدولية للهجرة")
    end = start + len("المنظمة الدولية للهجرة")
    correction = store.correct_entity(path, "add", "amina", label="ORG", start=start, end=end)
    with store.session() as s:
        row = s.get(Base.registry._class_registry["EntityCorrectionRow"], correction)
        assert row.text == "المنظمة الدولية للهجرة" and row.sha256 == results["004"].document.sha256
    with pytest.raises(ReviewError, match="not a span"):
        store.correct_entity(path, "add", "amina", label="ORG", start=10, end=len(text) + 5)
    with pytest.raises(ReviewError, match="unknown label 'PERSON'"):
        store.correct_entity(path, "add", "amina", label="PERSON", start=start, end=end)


def test_schema_of_migrations_matches_models(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    Store(db_url).close()
    engine = create_engine(db_url, poolclass=NullPool)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diff == []


def _old_store_at(db_url: str) -> None:
    """The store of taqrir 0.2.0 (tests/fixtures/store, made by that release on the samples) at `db_url`."""
    from alembic import command

    from pipeline.store.migrate import _config

    engine = create_engine(db_url, poolclass=NullPool)
    if engine.dialect.name == "sqlite":
        shutil.copy(OLD_STORE, engine.url.database)
        return
    with engine.begin() as connection:
        command.upgrade(_config(connection), "0001")
        connection.exec_driver_sql("DROP TABLE alembic_version")  # 0.2.0 had no alembic_version
        old = sqlite3.connect(OLD_STORE)
        for table in ("files", "results"):
            cursor = old.execute(f"SELECT * FROM {table}")
            names = [c[0] for c in cursor.description]
            for values in cursor:
                row = dict(zip(names, values, strict=True))
                row["updated_at" if table == "files" else "created_at"] += "+00:00"
                connection.exec_driver_sql(
                    f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('%(' + n + ')s' for n in names)})", row
                )
    engine.dispose()


def test_upgrade_from_release_0_2_0(db_url, tmp_path):
    _old_store_at(db_url)
    upgraded = Store(db_url)
    assert len(upgraded.file_states()) == 5 and upgraded.has_result(upgraded.file_states()[0].sha256, V1)
    views = upgraded.records()
    assert len(views) == 16
    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    for path in SAMPLES:
        fresh.save(process_file(path), V1)
    # the same ids as a store made today: ids come from names, not from when or where they were stored
    assert {v.record_id: v.values["name"] for v in views} == {v.record_id: v.values["name"] for v in fresh.records()}
    with upgraded.session() as s:
        # the stored results are read in one go: each record is created once, merged over its reports
        assert s.scalars(select(AuditRow.action)).all() == ["created"] * 16
        assert s.scalar(select(func.count()).select_from(RecordRow).where(RecordRow.in_latest.is_(True))) == 16
    upgraded.close()
    again = Store(db_url)  # opening again: already current, nothing rebuilt
    assert again.records()[0].record_id == views[0].record_id and len(again.records()) == 16
    again.close()
    fresh.close()


KILLED_RUN = """
import sys
from pathlib import Path
from pipeline.process import process_file
from pipeline.store import Store
store = Store(sys.argv[1])
for path in sorted(Path(sys.argv[2]).iterdir()):
    store.save(process_file(path), "0.2.0")
    print(path.name, flush=True)
"""


def test_run_killed_midway_leaves_no_duplicates(db_url, tmp_path):
    import signal
    import subprocess
    import sys

    from pipeline.batch import discover, plan

    raw = tmp_path / "raw"
    raw.mkdir()
    for copy in range(4):  # 20 reports, the same projects named in four of them each
        for path in SAMPLES:
            (raw / f"{copy}_{path.name}").write_text(path.read_text(encoding="utf-8") + f"\nنسخة رقم {copy}\n", encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", KILLED_RUN, db_url, str(raw)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    done = [child.stdout.readline() for _ in range(7)]
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert len(done) == 7 and all(done)

    store = Store(db_url)
    work = plan(discover(raw), store, V1)
    assert 0 < len(work.todo) <= 13
    for path in work.todo:
        store.save(process_file(path), V1)
    clean = Store(f"sqlite:///{tmp_path / 'clean.db'}")
    for path in discover(raw):
        clean.save(process_file(path), V1)
    assert [(v.record_id, v.values, sorted(v.record.documents)) for v in store.records(order="name")] == [
        (v.record_id, v.values, sorted(v.record.documents)) for v in clean.records(order="name")
    ]
    counts = []
    for each in (store, clean):
        with each.session() as s:
            counts.append((s.scalar(select(func.count()).select_from(MentionRow)),
                           s.scalar(select(func.count()).select_from(RecordRow))))  # fmt: skip
    assert counts[0] == counts[1] and counts[0][0] >= 4 * 17
    store.close()
    clean.close()


def test_batches_defer_merging_to_the_end_of_a_run(db_url, tmp_path):
    results = [process_file(p) for p in SAMPLES]
    batched = Store(db_url)
    changed, failed = batched.save_many(results[:3], V1, refresh=False)
    assert (changed, failed) == (3, {})
    batched.save_many(results[3:], V1, refresh=False)
    with batched.session() as s:
        assert s.scalar(select(func.count()).select_from(RecordRow).where(RecordRow.needs_refresh.is_(True))) == 16
    assert batched.refresh_pending(V1) == 16 and batched.refresh_pending(V1) == 0
    one_by_one = Store(f"sqlite:///{tmp_path / 'one.db'}")
    for result in results:
        one_by_one.save(result, V1)
    assert [(v.record_id, v.values, v.flags) for v in batched.records()] == [
        (v.record_id, v.values, v.flags) for v in one_by_one.records()
    ]
    batched.close()
    one_by_one.close()
