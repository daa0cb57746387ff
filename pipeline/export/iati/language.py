"""The language of a narrative: Arabic by its script; a Latin-script text by py3langid (a language
identifier that ships its model, no download), among the languages reports write names in, when it
is sure; else the configured default (one word or an acronym tells no language)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
LETTER = re.compile(r"[^\W\d_]")
LATIN_LANGUAGES = ["fr", "en", "es", "de", "it", "pt", "nl"]
SURE = 0.7  # probability py3langid must give (over the languages above) before its answer is taken


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LATIN_LANGUAGES)
    return identifier


@lru_cache(maxsize=65536)
def language_of(text: str, default: str) -> str:
    letters = LETTER.findall(text)
    if not letters:
        return default
    if 2 * len(ARABIC_LETTER.findall(text)) >= len(letters):
        return "ar"
    if len(text.split()) < 2:
        return default
    lang, probability = _identifier().classify(text)
    return str(lang) if probability >= SURE else default
