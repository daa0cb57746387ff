"""PDF reading speed: taqrir beside pdfplumber, in one run, on the same files.

    python benchmarks/pdf_speed.py                 # the real published files (../shared/realdocs)
    python benchmarks/pdf_speed.py FILE.pdf ...    # any PDFs
    python benchmarks/pdf_speed.py --load-only ... # the reader alone (end to end is mostly extraction)

For each file, in a fresh process each (so imports and caches are not shared): taqrir's
`load_document` (text layer, tables, OCR off: OCR time is Tesseract's, not the reader's) and
`load_document` + `process_document` (end to end), against pdfplumber's bare `extract_text` on every
page; pages per second and the ratio taqrir / pdfplumber (above 1: taqrir is faster).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALDOCS = ROOT.parent / "shared" / "realdocs"

MEASURE = r"""
import json, sys, time
sys.path.insert(0, {root!r})
what, path = sys.argv[1], sys.argv[2]
if what == "pdfplumber":
    import pdfplumber
    t0 = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        pages = len(pdf.pages)
else:
    from pipeline.load import load_document
    from pipeline.process import process_document
    import extractors  # imports outside the timed part
    t0 = time.perf_counter()
    doc = load_document(path)
    if what == "e2e":
        process_document(doc)
    pages = doc.pages or 0
print(json.dumps({{"pages": pages, "seconds": time.perf_counter() - t0}}))
"""


def measure(what: str, path: Path) -> dict:
    env = {**os.environ, "TAQRIR_NO_OCR": "1"}
    proc = subprocess.run([sys.executable, "-c", MEASURE.format(root=str(ROOT)), what, str(path)],
                          capture_output=True, text=True, cwd=ROOT, env=env)  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(f"{what} on {path.name}: {proc.stderr.strip()[-400:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    args = sys.argv[1:]
    load_only = "--load-only" in args
    paths = [Path(p) for p in args if p != "--load-only"] or sorted(REALDOCS.glob("*.pdf"))
    if not paths:
        print(f"no PDFs given and {REALDOCS} holds none")
        return
    print(f"machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print("\n| file | pages | taqrir load s | pages/s | taqrir end to end s | pages/s | pdfplumber extract_text s "
          "| pages/s | ratio load | ratio end to end |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    totals = {"load": 0.0, "e2e": 0.0, "pdfplumber": 0.0}
    pages_total = 0
    for path in paths:
        m = {what: measure(what, path) for what in totals if not (load_only and what == "e2e")}
        m.setdefault("e2e", {"seconds": float("nan")})
        pages = m["pdfplumber"]["pages"]
        pages_total += pages
        for what in totals:
            totals[what] += m[what]["seconds"]
        load, e2e, plumber = (m[w]["seconds"] for w in ("load", "e2e", "pdfplumber"))
        print(f"| {path.name} | {pages} | {load:.2f} | {pages / load:.0f} | {e2e:.2f} | {pages / e2e:.0f} | "
              f"{plumber:.2f} | {pages / plumber:.0f} | {plumber / load:.1f}x | {plumber / e2e:.1f}x |")  # fmt: skip
    load, e2e, plumber = totals["load"], totals["e2e"], totals["pdfplumber"]
    print(f"| all | {pages_total} | {load:.2f} | {pages_total / load:.0f} | {e2e:.2f} | {pages_total / e2e:.0f} | "
          f"{plumber:.2f} | {pages_total / plumber:.0f} | {plumber / load:.1f}x | {plumber / e2e:.1f}x |")  # fmt: skip


if __name__ == "__main__":
    main()
