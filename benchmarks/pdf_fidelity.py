"""PDF/DOCX fidelity and speed.

    python benchmarks/pdf_fidelity.py            # fidelity on the fixtures + speed on big.pdf
    python benchmarks/pdf_fidelity.py --no-speed # fidelity only
    python benchmarks/pdf_fidelity.py --profile  # also where the time goes (cProfile)
    python benchmarks/pdf_fidelity.py --real     # only the real published files (../shared/realdocs)

Real files: for each page listed in benchmarks/gold/realdocs_strings.jsonl (short strings a reader
sees on the rendered page: amounts, dates, numbers, names, checked on the image), the share found
verbatim in that page's text, for taqrir (`load_document`, the page's span of `document.text`),
pypdfium2's plain text layer and pdfplumber's `extract_text`, side by side. Compared after NFKC,
with tatweel and Arabic diacritics removed and whitespace runs taken as one space on both sides
(typographic stretching and vowel marks are not what the figures measure).

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
import unicodedata
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


REALDOCS = ROOT.parent / "shared" / "realdocs"
REAL_GOLD = ROOT / "benchmarks" / "gold" / "realdocs_strings.jsonl"
MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")


def comparable(text: str) -> str:
    """NFKC, no tatweel or diacritics, one space for any whitespace run."""
    return re.sub(r"\s+", " ", MARKS.sub("", unicodedata.normalize("NFKC", text)))


def real_gold(folder: Path = REALDOCS) -> dict[str, dict[int, list[str]]]:
    gold: dict[str, dict[int, list[str]]] = {}
    for line in REAL_GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            gold.setdefault(entry["file"], {})[int(entry["page"])] = entry["strings"]
    return gold


def _found(strings: list[str], text: str) -> list[str]:
    page = comparable(text)
    return [s for s in strings if comparable(s) in page]


def real_fidelity(folder: Path = REALDOCS) -> list[dict]:
    """Per real file: strings found by taqrir, pypdfium2 and pdfplumber on the gold pages."""
    import pdfplumber
    import pypdfium2 as pdfium

    rows = []
    for name, pages in real_gold(folder).items():
        path = folder / name
        if not path.exists():
            continue
        doc = load_document(path)
        spans = {p.number: doc.text[p.start : p.end] for p in doc.page_spans}
        pdf = pdfium.PdfDocument(str(path))
        plumber = pdfplumber.open(str(path))
        counts = {"taqrir": 0, "pypdfium2": 0, "pdfplumber": 0}
        total = 0
        missing: list[str] = []
        for number, strings in sorted(pages.items()):
            total += len(strings)
            got = _found(strings, spans.get(number, ""))
            counts["taqrir"] += len(got)
            missing += [f"p{number}:{s}" for s in strings if s not in got]
            counts["pypdfium2"] += len(_found(strings, pdf[number - 1].get_textpage().get_text_range()))
            counts["pdfplumber"] += len(_found(strings, plumber.pages[number - 1].extract_text() or ""))
        plumber.close()
        pdf.close()
        rows.append({"file": name, "status": doc.status, "ocr_pages": doc.needs_ocr_pages, "total": total,
                     **counts, "missing": missing})  # fmt: skip
    return rows


def print_real_fidelity(rows: list[dict], verbose: bool) -> None:
    print("\n## Real published files: reader-checked strings found verbatim on their page\n")
    print("| file | status | strings | taqrir | pypdfium2 | pdfplumber |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        status = r["status"] + (f" {r['ocr_pages']}" if r["ocr_pages"] else "")
        print(f"| {r['file']} | {status} | {r['total']} | "
              + " | ".join(f"{r[k]} ({100 * r[k] / r['total']:.0f}%)" for k in ("taqrir", "pypdfium2", "pdfplumber"))
              + " |")  # fmt: skip
    total = sum(r["total"] for r in rows)
    if total:
        shares = ", ".join(f"{k} {sum(r[k] for r in rows) / total:.2f}" for k in ("taqrir", "pypdfium2", "pdfplumber"))
        print(f"\nall {total} strings: {shares}")
    if verbose:
        for r in rows:
            if r["missing"]:
                print(f"  {r['file']} missing: {r['missing']}")


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
    import pipeline.load.pdf_tables as pt
    pt.page_tables = lambda *a, **k: []  # the reader finds a page's tables through page_tables
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
    ap.add_argument("--real", action="store_true", help="only the real published files (../shared/realdocs)")
    ap.add_argument("--big", type=Path, default=None, help="PDF for the speed measures (default: big.pdf)")
    args = ap.parse_args()
    os.environ.setdefault("TAQRIR_NO_OCR", "")
    print(f"machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    if REALDOCS.is_dir():
        print_real_fidelity(real_fidelity(), args.verbose)
    else:
        print(f"\n(no real files: {REALDOCS} is absent)")
    if args.real:
        return
    print_fidelity(fidelity(), args.verbose)
    if not args.no_speed:
        path = args.big or ensure_big()
        if path:
            speed(path, args.profile, args.baseline)


if __name__ == "__main__":
    main()
