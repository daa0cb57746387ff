"""What the records tests read: the records taqrir makes of a short text written for a test."""

from pipeline.load import load_bytes
from pipeline.process import process_document


def records(text: str, name: str = "passage.txt"):
    return process_document(load_bytes(text.encode("utf-8"), name)).projects


def only(text: str, name: str = "passage.txt"):
    found = records(text, name)
    assert len(found) == 1, [r.name for r in found]
    return found[0]


def names(organizations):
    return [o.name for o in organizations]
