"""Given names per language, with gender: evidence that a capitalised word pair is a person's name.

The lists are data (`lexicon/names/<lang>.yaml`, keys `m` and `f`); a name listed under both genders is
a given name without a known gender. Look-ups are on normalised text, so scripts and accents do not matter.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from balkanapi.text import normalize_text

NAMES_DIR = Path(__file__).resolve().parent / "lexicon" / "names"


@cache
def given_names(directory: Path = NAMES_DIR) -> dict[str, str]:
    """Normalised given name -> "m", "f", or "" when both genders use it (every language merged)."""
    genders: dict[str, set[str]] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for gender in ("m", "f"):
            for name in data.get(gender) or []:
                genders.setdefault(normalize_text(str(name)), set()).add(gender)
    return {name: next(iter(found)) if len(found) == 1 else "" for name, found in genders.items()}


def is_given_name(word: str) -> bool:
    """Whether `word` (any script, any case) is a listed given name."""
    return normalize_text(word) in given_names()


def gender_of(word: str) -> str:
    """ "m" or "f" for a given name with one gender; "" otherwise."""
    return given_names().get(normalize_text(word), "")
