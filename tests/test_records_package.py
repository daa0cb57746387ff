"""The records package: field readers registered by name, run in the order records.cfg gives."""

from pathlib import Path

import pytest

from pipeline.load import load_bytes
from pipeline.normalize import normalize
from pipeline.records import FIELD_READERS, assemble_projects, register_field_reader
from pipeline.records.config import DEFAULT_CONFIG, load_records_config
from pipeline.records.identity import key, name_key
from pipeline.records.readers import field_reader

TEXT = "أطلقت الجماعة مشروع تهيئة المنتزه العمومي بتمويل من الوكالة الفرنسية للتنمية سنة 2019 بمدينة فاس."


def _assemble(config=None):
    from extractors import extract_entities

    document = load_bytes(TEXT.encode("utf-8"), "one.txt")
    return assemble_projects(document, extract_entities(normalize(document.text)), [], config)


def test_every_configured_reader_is_registered():
    config = load_records_config()
    assert config.readers and config.finishers
    for name in [*config.readers, *config.finishers]:
        assert name in FIELD_READERS
        assert config.reader_settings(name) is not None


def test_an_unknown_reader_says_which_are_known():
    with pytest.raises(KeyError, match="period"):
        field_reader("no_such_reader")


def test_a_config_without_a_reader_leaves_its_field_empty(tmp_path: Path):
    full = _assemble()[0]
    assert full.sector and full.locations
    text = DEFAULT_CONFIG.read_text(encoding="utf-8").replace('"places", "description", "sector"', '"description"')
    path = tmp_path / "records.cfg"
    path.write_text(text, encoding="utf-8")
    record = _assemble(load_records_config(str(path)))[0]
    assert record.sector is None and record.locations == []
    assert record.funders == full.funders and record.start == full.start


def test_a_registered_reader_runs_when_configured(tmp_path: Path):
    @register_field_reader("test_shout")
    def shout(draft, settings):
        draft.record.description = (draft.record.description or "").upper() + settings["mark"]

    try:
        text = DEFAULT_CONFIG.read_text(encoding="utf-8").replace('"sector"]', '"sector", "test_shout"]')
        text += "\n[readers.test_shout]\nmark = \"!\"\n"
        path = tmp_path / "records.cfg"
        path.write_text(text, encoding="utf-8")
        record = _assemble(load_records_config(str(path)))[0]
        assert record.description.endswith("!")
    finally:
        FIELD_READERS.pop("test_shout")


def test_identity_owns_the_name_key():
    assert name_key is key
    assert key("«مشروع»  الهجرة") == key("مشروع الهجرة")


def test_the_old_module_still_imports():
    from pipeline.assemble import assemble_projects as old
    from pipeline.assemble import merge_records

    assert old is assemble_projects and callable(merge_records)


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("انطلق مشروع دعم التعاونيات الفلاحية سنة 2017. مدة المشروع ثلاث سنوات.", "2017", "2019"),
        ("انطلق مشروع دعم التعاونيات الفلاحية سنة 2017. مدة المشروع عامين.", "2017", "2018"),
        ("انطلق مشروع دعم التعاونيات الفلاحية سنة 2017. مدة المشروع 18 شهرا.", "2017", "2018"),
        # an end year: the start year + years - 1, whatever the start's precision (RECORDS_BLIND.md)
        ("انطلق مشروع دعم التعاونيات الفلاحية في مارس 2017. مدة المشروع ثلاث سنوات.", "2017-03", "2019"),
        # a number word is a whole word: عشرات is no ten
        ("انطلق مشروع دعم التعاونيات الفلاحية سنة 2017. مدة المشروع عشرات السنين.", "2017", None),
    ],
)
def test_a_duration_gives_the_end_year(sentence, start, end):
    from pipeline.process import process_document

    record = process_document(load_bytes(sentence.encode("utf-8"), "d.txt")).projects[0]
    assert (record.start, record.end) == (start, end)
