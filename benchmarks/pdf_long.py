"""Long PDFs: time and peak memory of `taqrir extract` on a PDF of many pages, beside pdfplumber's
bare `extract_text` on the same file, and what reading pages over both cores gains.

    python benchmarks/pdf_long.py                      # 1,000 pages: taqrir extract, the reader alone, pdfplumber
    python benchmarks/pdf_long.py --pages 300 --no-pdfplumber
    python benchmarks/pdf_long.py --root ../wt-other   # the same file measured with another checkout's code
    python benchmarks/pdf_long.py --cores 50,100,200,400   # the reader alone, one process vs the pool

The file is built once into `benchmarks/.cache/` (never committed) from the pages of five real published
PDFs (`../shared/realdocs`: four with a text layer, one scanned order, whose pages OCR off reports as
`needs_ocr`) or, without them, the fixtures, repeated in order until the page count is reached (pypdfium2's page import). Each measure
runs in a child process of its own with OCR off; peak memory is the child's (`os.wait4`) and, because
a worker process runs beside it when the pages are spread over cores, also the largest sum over the
child and its descendants sampled every 50 ms from /proc.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
REALDOCS = ROOT.parent / "shared" / "realdocs"
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
SOURCE_FILES = [  # real files without broken text layers (no cairo prints); the Interior order's 9 pages are scans
    "kw_kfh_real_estate_2025q1.pdf", "ma_cese_avis_biodiversite.pdf", "sa_barq_proposal_text.pdf",
    "ma_decret_2.08.528_benzene.pdf", "ma_arrete_interieur_agriculture.pdf",
]  # fmt: skip

LOAD = r"""
import sys
sys.path.insert(0, {root!r})
from pipeline.load import load_document
split_from = {split_from!r}
if split_from is not None:
    from pipeline.load import pdf_parallel
    pdf_parallel.PARALLEL_MIN_PAGES = split_from
doc = load_document(sys.argv[1])
print(doc.status, doc.pages, len(doc.text))
"""

PDFPLUMBER = r"""
import sys
import pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_text()
        page.close()
"""


def sources() -> list[Path]:
    real = [REALDOCS / name for name in SOURCE_FILES if (REALDOCS / name).is_file()]
    return real or sorted(p for p in FIXTURES.glob("*.pdf") if "scanned" not in p.name)


def build(pages: int) -> Path:
    """A PDF of `pages` pages, the source files' pages repeated in order (built once)."""
    path = CACHE / f"long_{pages}.pdf"
    if path.is_file():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    out = pdfium.PdfDocument.new()
    files = [pdfium.PdfDocument(p) for p in sources()]
    while len(out) < pages:
        for src in files:
            take = min(len(src), pages - len(out))
            if take <= 0:
                break
            out.import_pages(src, list(range(take)), index=len(out))
    out.save(path)
    for src in files:
        src.close()
    out.close()
    return path


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and its descendants (Linux /proc), in KiB; 0 once it is gone."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def measure(command: list[str], env: dict[str, str] | None = None) -> dict:
    """Wall and CPU seconds, peak MB of the child, peak MB of the child and its workers together."""
    env = {**os.environ, "TAQRIR_NO_OCR": "1", **(env or {})}
    t0 = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        child = subprocess.Popen(command, stdout=devnull, cwd=ROOT, env=env)
        tree_peak = 0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            tree_peak = max(tree_peak, _tree_rss_kb(child.pid))
            time.sleep(0.05)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "tree_mb": max(tree_peak, usage.ru_maxrss) / 1024}  # fmt: skip


def row(what: str, pages: int, m: dict) -> str:
    return (f"| {what} | {pages} | {m['seconds']:.1f} | {m['cpu']:.1f} | {pages / m['seconds']:.1f} | "
            f"{m['peak_mb']:.0f} | {m['tree_mb']:.0f} |")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose code is measured")
    parser.add_argument("--no-pdfplumber", action="store_true")
    parser.add_argument("--no-extract", action="store_true", help="the reader alone, not taqrir extract")
    parser.add_argument("--cores", help="page counts: the reader alone on one core, then over all (no extract)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    python = sys.executable
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {load_avg} (shared with other sessions); code: {root}")  # fmt: skip
    print("\n| measure | pages | wall s | CPU s | pages/s | peak MB | peak MB with workers |")
    print("|---|---|---|---|---|---|---|")
    if args.cores:
        for pages in (int(n) for n in args.cores.split(",")):
            path = build(pages)
            for workers in ("1", str(os.cpu_count() or 1)):
                script = LOAD.format(root=str(root), split_from=2)
                m = measure([python, "-c", script, str(path)], {"TAQRIR_PDF_WORKERS": workers})
                print(row(f"reader, {workers} process(es)", pages, m), flush=True)
        return
    path = build(args.pages)
    if not args.no_extract:
        m = measure([python, "-m", "taqrir_cli", "extract", str(path)] if root == ROOT else
                    [python, str(root / "taqrir_cli.py"), "extract", str(path)])  # fmt: skip
        print(row("`taqrir extract`", args.pages, m), flush=True)
    m = measure([python, "-c", LOAD.format(root=str(root), split_from=None), str(path)])
    print(row("reader alone (`load_document`)", args.pages, m), flush=True)
    if not args.no_pdfplumber:
        m = measure([python, "-c", PDFPLUMBER, str(path)])
        print(row("pdfplumber `extract_text`, every page", args.pages, m), flush=True)


if __name__ == "__main__":
    main()
