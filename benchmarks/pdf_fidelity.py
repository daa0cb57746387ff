"""PDF/DOCX fidelity and speed.

    python benchmarks/pdf_fidelity.py            # fidelity on the fixtures + speed on big.pdf
    python benchmarks/pdf_fidelity.py --no-speed # fidelity only
    python benchmarks/pdf_fidelity.py --profile  # also where the time goes (cProfile)

Fidelity: for each sample report (raw/*.txt) and each of its fixture versions (LibreOffice PDF,
Chromium PDF, pre-shaped PDF, DOCX) the share of the text version's entity values, as
(label, value) multisets from `pipeline.process.process_document`, also found from that version;
and the share of the text version's table cells found cell-exact at the same (table, row, column)
(whitespace runs compared as one space, cell bullets `•` ignored).

Speed: on benchmarks/.cache/big.pdf (180 pages; built on demand with scripts/make_fixtures.py
--big-only, which needs LibreOffice) pages per second for text extraction alone, for table
extraction alone, and end to end (load + `process_document`), and peak memory (RSS high-water
mark of a fresh process per measure).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.load import load_document  # noqa: E402
from pipeline.process import process_document  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
BIG = ROOT / "benchmarks" / ".cache" / "big.pdf"
VARIANTS = [("pdf", "pdf/{stem}.pdf"), ("chromium", "pdf/{stem}.chromium.pdf"),
            ("shaped", "pdf/{stem}.shaped.pdf"), ("docx", "docx/{stem}.docx")]  # fmt: skip


def entity_values(result) -> Counter:
    return Counter((e.label, json.dumps(e.value, sort_keys=True, ensure_ascii=False)) for e in result.entities)


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("•", " ")).strip()


def table_cells(result) -> list[list[list[str]]]:
    return [[[_cell(c) for c in row] for row in ([t.header] if t.header else []) + t.rows] for t in result.tables]


def table_match(reference: list, candidate: list) -> tuple[int, int]:
    """Cells of `reference` found equal at the same place in `candidate`: (found, total)."""
    found = total = 0
    for i, table in enumerate(reference):
        other = candidate[i] if i < len(candidate) else []
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                total += 1
                found += r < len(other) and c < len(other[r]) and other[r][c] == cell
    return found, total


def fidelity() -> list[dict]:
    rows = []
    for txt in sorted((ROOT / "raw").glob("0*_*.txt")):
        stem = txt.stem
        ref = process_document(load_document(txt))
        ref_values, ref_tables = entity_values(ref), table_cells(ref)
        for name, pattern in VARIANTS:
            path = FIXTURES / pattern.format(stem=stem)
            if not path.exists():
                continue
            result = process_document(load_document(path))
            values = entity_values(result)
            found = sum((ref_values & values).values())
            total = sum(ref_values.values())
            cells_found, cells_total = table_match(ref_tables, table_cells(result))
            missing = sorted((ref_values - values).elements())
            rows.append({
                "sample": stem[:3], "format": name, "status": result.document.status,
                "entities": f"{found}/{total}", "entity_pct": 100.0 * found / total if total else 100.0,
                "extra": sum((values - ref_values).values()),
                "tables": f"{len(result.tables)}/{len(ref_tables)}",
                "cells": f"{cells_found}/{cells_total}",
                "cell_pct": 100.0 * cells_found / cells_total if cells_total else None,
                "missing": missing,
            })  # fmt: skip
    return rows


def print_fidelity(rows: list[dict], verbose: bool) -> None:
    print("\n## Fidelity vs the text version (entity values found; table cells exact)\n")
    print("| sample | format | status | entities | % | extra | tables | cells | cell % |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        cell_pct = f"{r['cell_pct']:.1f}" if r["cell_pct"] is not None else "–"
        print(f"| {r['sample']} | {r['format']} | {r['status']} | {r['entities']} | {r['entity_pct']:.1f} | "
              f"{r['extra']} | {r['tables']} | {r['cells']} | {cell_pct} |")  # fmt: skip
    for fmt in ("pdf", "chromium", "shaped", "docx"):
        sel = [r for r in rows if r["format"] == fmt]
        if sel:
            f = sum(int(r["entities"].split("/")[0]) for r in sel)
            t = sum(int(r["entities"].split("/")[1]) for r in sel)
            cf = sum(int(r["cells"].split("/")[0]) for r in sel)
            ct = sum(int(r["cells"].split("/")[1]) for r in sel)
            cells = f"{100 * cf / ct:.1f}% ({cf}/{ct})" if ct else "–"
            print(f"- {fmt}: entities {100 * f / t:.1f}% ({f}/{t}), table cells {cells}")
    if verbose:
        for r in rows:
            if r["missing"]:
                print(f"  {r['sample']} {r['format']} missing: {r['missing']}")


def ensure_big() -> Path | None:
    if BIG.exists():
        return BIG
    print(f"building {BIG.relative_to(ROOT)} with scripts/make_fixtures.py --big-only (needs LibreOffice) ...")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_fixtures.py"), "--big-only", "--reports", str(ROOT / "raw"),
         "--big-out", str(BIG)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    if proc.returncode != 0 or not BIG.exists():
        print(f"cannot build big.pdf (LibreOffice missing?): {proc.stderr.strip()[-400:]}")
        return None
    return BIG


MEASURE = r"""
import resource, sys, time, json
sys.path.insert(0, {root!r})
what, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
import pypdfium2
from pipeline.load.pdf import open_pdf, table_candidate
from pipeline.load.pdf_text import page_chars, stream_is_logical
from pipeline.load.pdf_tables import find_tables
from pipeline.load import load_bytes
from pipeline.process import process_document
import extractors  # imports outside the timed part
t0 = time.perf_counter()
if what == "text":
    from pipeline.load.builder import DocumentBuilder
    from pipeline.load.pdf import read_pdf_into
    import pipeline.load.pdf as pdfmod
    pdfmod_find = pdfmod.__dict__.get("find_tables")
    import pipeline.load.pdf_tables as pt
    pt.find_tables = lambda *a, **k: {{}}
    b = DocumentBuilder(); read_pdf_into(b, data, None); b.end_page()
    pages = len(b.pages)
elif what == "tables":
    doc = open_pdf(data)
    chars = [page_chars(doc[i]) for i in range(len(doc))]  # the glyphs are read once for text and tables
    t0 = time.perf_counter()  # timed: finding candidate pages, edges, pdfplumber's finder, reading cells
    cands = [i for i in range(len(doc)) if table_candidate(doc[i])]
    found = find_tables(doc, cands, chars, stream_is_logical(chars[0]))
    pages = len(doc)
    print(json.dumps({{"candidate pages": len(cands), "tables (pieces)": sum(len(v) for v in found.values())}}), file=sys.stderr)
elif what == "pdfplumber":
    import io, pdfplumber
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.find_tables()
            page.close()
        pages = len(pdf.pages)
    print("for comparison: pdfplumber extract_text + find_tables on every page", file=sys.stderr)
else:
    result = process_document(load_bytes(data, path))
    pages = result.document.pages
    print(json.dumps({{"entities": len(result.entities), "tables": len(result.tables)}}), file=sys.stderr)
dt = time.perf_counter() - t0
print(json.dumps({{"pages": pages, "seconds": dt, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def measure(what: str, path: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", MEASURE.format(root=str(ROOT)), what, str(path)],
                          capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["info"] = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
    return out


def baseline_rss() -> float:
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); import pipeline.process, resource; " \
           "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"  # fmt: skip
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip())


def speed(path: Path, profile: bool, baseline: bool = False) -> None:
    print(f"\n## Speed on {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}\n")
    print("| measure | pages | seconds | pages/s | peak RSS MB | notes |")
    print("|---|---|---|---|---|---|")
    for what, label in (("text", "text (pypdfium2 glyphs + bidi + blocks)"), ("tables", "tables (candidate pages, pdfplumber finder on pdfium edges, cells)"),
                        ("e2e", "end to end (load + process_document)"),
                        *([("pdfplumber", "baseline: pdfplumber only")] if baseline else [])):  # fmt: skip
        m = measure(what, path)
        print(f"| {label} | {m['pages']} | {m['seconds']:.2f} | {m['pages'] / m['seconds']:.0f} | {m['maxrss_mb']:.0f} | {m['info']} |")
    docx = path.with_suffix(".docx")
    if docx.exists():
        m = measure("e2e", docx)
        print(f"| same content as .docx, end to end | – | {m['seconds']:.2f} | – | {m['maxrss_mb']:.0f} | {m['info']} |")
    print(f"\nbaseline RSS after importing the pipeline (no document): {baseline_rss():.0f} MB")
    if profile:
        from pipeline.load import load_bytes

        data = path.read_bytes()
        prof = cProfile.Profile()
        prof.enable()
        process_document(load_bytes(data, path))
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(18)
        print("\n## Where the time goes (cProfile, cumulative, end to end)\n")
        print("```")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])
        print("```")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--baseline", action="store_true", help="also time pdfplumber alone on every page (slow)")
    ap.add_argument("--verbose", "-v", action="store_true", help="list the entity values not found")
    ap.add_argument("--big", type=Path, default=None, help="PDF for the speed measures (default: big.pdf)")
    args = ap.parse_args()
    os.environ.setdefault("TAQRIR_NO_OCR", "")
    print(f"machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print_fidelity(fidelity(), args.verbose)
    if not args.no_speed:
        path = args.big or ensure_big()
        if path:
            speed(path, args.profile, args.baseline)


if __name__ == "__main__":
    main()
