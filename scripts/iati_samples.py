"""Write docs/examples/iati-samples.xml: the sample reports of raw/ as IATI 2.03 activities.

    python scripts/iati_samples.py [OUT]

Runs the pipeline over raw/*.txt (paths relative to the repository, so the document links are too)
into a temporary store, exactly as `taqrir run` would store them, and exports every record that is
not rejected (the samples are unreviewed: `--include-unreviewed`) with the settings of the
environment (`TAQRIR_IATI_*`, `$TAQRIR_CONFIG` or ./taqrir.toml; none set: the placeholder reporting
organisation, as a new user gets). Prints the export's summary.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.export import export_records  # noqa: E402
from pipeline.process import PIPELINE_VERSION, process_file  # noqa: E402
from pipeline.store import Store  # noqa: E402

DEFAULT_OUT = ROOT / "docs" / "examples" / "iati-samples.xml"


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'samples.db'}")
        for path in sorted(Path("raw").glob("0*_*.txt")):
            store.save(process_file(path), PIPELINE_VERSION)
        report = export_records(store, "iati", out, include_unreviewed=True)
        store.close()
    print(f"wrote {report.written} activities to {out}")
    for reason, count in report.left_out.items():
        print(f"left out: {count} {reason}")
    print("\n".join(report.notes))


if __name__ == "__main__":
    main()
