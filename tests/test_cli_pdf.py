"""`taqrir extract` on PDF and DOCX reports: output valid against the published schema, pages set."""

import json

import jsonschema

from pipeline.schema import output_schema
from tests.conftest import ROOT
from tests.test_cli import run

FIXTURES = ROOT / "tests" / "fixtures"


def test_extract_pdf_and_docx_validate_against_schema():
    files = [FIXTURES / "pdf" / "004_010f2b19d76e34c4.pdf", FIXTURES / "docx" / "004_010f2b19d76e34c4.docx",
             FIXTURES / "broken" / "encrypted.pdf"]  # fmt: skip
    proc = run("extract", *map(str, files), "--format", "jsonl")
    # A file that fails is reported on stderr and sets the exit code; the others are still printed.
    assert proc.returncode == 1, proc.stderr
    assert "encrypted.pdf: the PDF is encrypted (password-protected)" in proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    validator = jsonschema.Draft202012Validator(output_schema())
    for result in results:
        validator.validate(result)
    pdf, docx, encrypted = results
    assert pdf["document"]["format"] == "pdf" and pdf["document"]["pages"] == 7
    assert pdf["entities"] and all(e["page"] for e in pdf["entities"])
    assert {e["page"] for e in pdf["entities"] if e["label"] == "MONEY"} >= {2, 6}
    assert [t["page"] for t in pdf["tables"]] == [3, 6]
    assert docx["document"]["format"] == "docx" and docx["tables"][0]["rows"][0] == [
        "المساعدة الإنسانية للمهاجرين واللاجئين", "10", "1 045 500"]  # fmt: skip
    assert encrypted["document"]["status"] == "error"
    assert encrypted["document"]["error"] == "the PDF is encrypted (password-protected)"
