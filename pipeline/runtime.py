"""Set-up of a process that extracts: the commands that extract in their own process, and the worker
processes of a run. Imports nothing heavy itself: it must run before spaCy is imported.
"""

from __future__ import annotations

import os
import sys

ALLOW_TORCH = "TAQRIR_ALLOW_TORCH"


def keep_torch_out() -> None:
    """Keep torch out of this process. thinc (spaCy's model layer) imports it at start-up when it is
    installed (camel-tools requires it): about 220 MB and a second in every process, and nothing taqrir
    extracts or trains with uses it. `TAQRIR_ALLOW_TORCH=1` keeps it."""
    if "torch" not in sys.modules and not os.environ.get(ALLOW_TORCH):
        # a None entry makes `import torch` raise ImportError, which thinc takes as "no torch"
        sys.modules["torch"] = None  # type: ignore[assignment]


def start_worker() -> None:
    """A run's worker process: without torch, the extraction pipeline loaded before its first batch."""
    keep_torch_out()
    from pipeline.batch import warm_up

    warm_up()
