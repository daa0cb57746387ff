"""The command line: real commands, output validated against the published JSON Schema."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from pipeline.schema import output_schema
from tests.conftest import ROOT, SAMPLES

TAQRIR = [sys.executable, "-m", "taqrir_cli"]


def run(*args, stdin=None):
    return subprocess.run([*TAQRIR, *args], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def extracted():
    proc = run("extract", *map(str, SAMPLES), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_extract_prints_one_valid_line_per_file(extracted):
    assert [Path(r["document"]["path"]).name for r in extracted] == [p.name for p in SAMPLES]
    validator = jsonschema.Draft202012Validator(output_schema())
    for result in extracted:
        validator.validate(result)
        assert result["document"]["status"] == "ok"
        assert result["document"]["format"] == "txt"


def test_schema_rejects_wrong_values(extracted):
    result = json.loads(json.dumps(extracted[4]))
    money = next(e for e in result["entities"] if e["label"] == "MONEY")
    money["value"] = {"currency": "MAD"}  # no amount
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(result, output_schema(), cls=jsonschema.Draft202012Validator)


def test_published_schema_is_current():
    published = json.loads((ROOT / "docs" / "schema.json").read_text(encoding="utf-8"))
    assert published == output_schema(), "run `make schema` to refresh docs/schema.json"


def test_bad_file_reported_with_name_and_reason_and_batch_goes_on(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02\x03" * 100)
    proc = run("extract", str(bad), str(SAMPLES[4]))
    assert proc.returncode == 1
    assert f"{bad}: binary data (NUL bytes)" in proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line["document"]["status"] for line in lines] == ["error", "ok"]


def test_entities_reads_jsonl_from_stdin():
    stdin = "\n".join(
        [
            json.dumps({"id": "a", "text": "بميزانية قدرها 5 مليون اورو من الاتحاد الأوروبي"}, ensure_ascii=False),
            "not json",
            json.dumps({"id": 7, "text": "خلال الفترة 2022-2027"}),
        ]
    )
    proc = run("entities", stdin=stdin)
    assert proc.returncode == 0
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert out[0]["id"] == "a"
    assert {"label": "MONEY", "text": "5 مليون اورو", "value": {"amount": 5000000, "currency": "EUR"}}.items() <= {
        **next(e for e in out[0]["entities"] if e["label"] == "MONEY")
    }.items() or next(e for e in out[0]["entities"] if e["label"] == "MONEY")["value"] == {
        "amount": 5000000,
        "currency": "EUR",
    }
    assert "error" in out[1] and out[1]["line"] == 2
    assert out[2] == {
        "id": 7,
        "entities": [
            {"label": "DATE_RANGE", "text": "2022-2027", "start": 12, "end": 21, "page": None,
             "value": {"start": "2022", "end": "2027"}, "source": "taqrir_dates"}
        ],
    }  # fmt: skip
