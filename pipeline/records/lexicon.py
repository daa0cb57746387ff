"""The words of the records stage, from `extractors/data/records.json` (read once, normalized), and
the patterns several record modules share (all on normalized text): record cue words (مشروع، برنامج،
مبادرة), the words that end an unquoted name, the head nouns a listed organization starts with, and
the role cue phrases (`بتمويل من`، `بشراكة مع` ...).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from extractors.base import DATA_DIR, QUOTES, alternation
from extractors.organizations import read_org_data
from pipeline.normalize import normalize_str

RECORD_WORDS_PATH = DATA_DIR / "records.json"


def _normalized(value: Any) -> Any:
    """Every word of a list, a mapping or a string, normalized (English keys such as roles are unchanged)."""
    if isinstance(value, str):
        return normalize_str(value)
    if isinstance(value, list):
        return [_normalized(v) for v in value]
    if isinstance(value, dict):
        return {normalize_str(k): _normalized(v) for k, v in value.items()}
    return value


@cache
def read_record_words(path: Path = RECORD_WORDS_PATH) -> dict[str, Any]:
    """The word lists of records.json by name, normalized (its `about` left out)."""
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {key: _normalized(value) for key, value in raw.items() if key != "about"}


WORDS = read_record_words()


N = normalize_str
Q = re.escape(QUOTES)
CLITIC = "(?:[وفبلك]{1,2})?"
# `لل` + noun is the definite article after li- (للمشروع): never an indefinite cue
INDEF_CLITIC = "(?:و?[فبك]|و?ل(?!ل)|و)?"
LETTER = r"[\u0621-\u064A\u066E-\u06D3A-Za-z0-9]"
ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")

CUE_WORDS: list[str] = WORDS["cue_words"]
CUE = INDEF_CLITIC + f"(?:{alternation(CUE_WORDS)})"
DEF_CUE = f"(?:{CLITIC}(?:{alternation([N('ال') + w for w in CUE_WORDS])})|و?لل(?:{alternation(CUE_WORDS)}))"
# `هذا المشروع`: a reference back to a project named before
REFERENCE = f"(?:{alternation(WORDS['reference_words'])})"

STOP_WORDS: list[str] = WORDS["name_stop_words"]  # words that end an unquoted name
MAX_NAME_WORDS = 14

# Words an organization's name starts with (the ORG extractor's heads, bodies its entities leave
# out: committees, forums, companies, the government, national programmes; and cities, regions and states as parties): a listed item starts with one.
ORG_HEADS: list[str] = [*read_org_data()["heads"], *read_org_data()["other_body_heads"], *WORDS["party_heads"]]
ORG_HEAD = f"(?:{alternation(ORG_HEADS)})"
ITEM_HEAD_RE = re.compile(rf"\s*(?P<item>{ORG_HEAD}(?!{LETTER}))")

# Cue phrases after which a list of organizations is read, and the role they give them.
LIST_CUES: dict[str, str] = {cue: role for role, cues in WORDS["list_cues"].items() for cue in cues}
LIST_CUE = alternation(list(LIST_CUES))  # an alternation, longest first

# Cue phrases within the sentence before an organization that give it a role, (cue, role) longest
# first: the list cues, and words that give a role without introducing a list (دعمت، قامت، بين).
ROLE_CUE_LIST = sorted(
    ((cue, role) for source in ("list_cues", "role_words") for role, cues in WORDS[source].items() for cue in cues),
    key=lambda x: -len(x[0]),
)
# `ممول عن طريق X`: X is a channel, not the funder
INTERMEDIARY: str = WORDS["intermediary"]
