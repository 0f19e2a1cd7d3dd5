"""Text normalisation used for accent-, case- and script-insensitive matching.

`Vučić`, `Vucic`, `VUČIĆ` and `Вучић` all normalise to `vucic`, so a search typed on an
English keyboard finds names written in Serbian Latin or Cyrillic.
"""

import unicodedata
from functools import lru_cache

# Serbian/Macedonian/Russian Cyrillic to ASCII Latin, following the Serbian Latin
# alphabet (with diacritics dropped) where the scripts overlap.
_CYRILLIC_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "ђ": "dj",
    "ѓ": "gj",
    "е": "e",
    "ё": "e",
    "ж": "z",
    "з": "z",
    "ѕ": "dz",
    "и": "i",
    "й": "j",
    "ј": "j",
    "к": "k",
    "л": "l",
    "љ": "lj",
    "м": "m",
    "н": "n",
    "њ": "nj",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "ћ": "c",
    "ќ": "kj",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "c",
    "џ": "dz",
    "ш": "s",
    "щ": "sc",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "ju",
    "я": "ja",
    "і": "i",
    "ї": "ji",
    "є": "je",
    "ґ": "g",
}
# Letters that do not decompose into a base letter plus a combining mark.
_SPECIAL_LATIN = {"đ": "dj", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "ı": "i", "ð": "d", "þ": "th"}
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


@lru_cache(maxsize=8192)
def _normalize_char(ch: str) -> str:
    if ch.isspace():
        return " "
    folded = ch.casefold().translate(_APOSTROPHES)
    mapped = "".join(_CYRILLIC_TO_LATIN.get(c, _SPECIAL_LATIN.get(c, c)) for c in folded)
    return "".join(c for c in unicodedata.normalize("NFKD", mapped) if not unicodedata.combining(c))


class _CharTable(dict):
    """`str.translate` table filled on first sight of each character (2x faster than mapping char by char).

    Only the scripts this project reads are kept (below U+3000), so text in other scripts cannot grow it
    without bound.
    """

    def __missing__(self, codepoint: int) -> str:
        value = _normalize_char(chr(codepoint))
        if codepoint < 0x3000:
            self[codepoint] = value
        return value


_CHAR_TABLE = _CharTable()


def normalize_text(value: str) -> str:
    """Return `value` case-folded, transliterated to Latin and stripped of diacritics.

    Whitespace runs collapse to one space; punctuation is kept so phrases still match.
    """
    if not value:
        return ""
    # str.split() splits on exactly the characters str.isspace() accepts, as the old `\s+` regex did.
    return " ".join(value.translate(_CHAR_TABLE).split())


@lru_cache(maxsize=32)
def normalize_with_offsets(value: str) -> tuple[str, tuple[int, ...]]:
    """Normalise like `normalize_text`, but keep every character and map each one back.

    Returns the normalised string and, for each of its characters, the index of the character of
    `value` it came from. White space is mapped to single spaces one for one (not collapsed), so
    a match found in the normalised text can be cut out of the original.
    """
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(value):
        piece = _normalize_char(ch)
        out.append(piece)
        if len(piece) == 1:
            origin.append(index)
        else:
            origin.extend([index] * len(piece))
    # Cached: an article's body is searched with several patterns, normalised once.
    return "".join(out), tuple(origin)


# What a spreadsheet evaluates when a cell starts with it (OWASP, "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Prefix a quote to text a spreadsheet would run as a formula; anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
