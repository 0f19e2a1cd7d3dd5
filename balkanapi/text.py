"""Text normalisation used for accent-, case- and script-insensitive matching.

`Vučić`, `Vucic`, `VUČIĆ` and `Вучић` all normalise to `vucic`, so a search typed on an
English keyboard finds names written in Serbian Latin or Cyrillic.
"""

import re
import unicodedata

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
_WHITESPACE = re.compile(r"\s+")


def normalize_text(value: str) -> str:
    """Return `value` case-folded, transliterated to Latin and stripped of diacritics.

    Whitespace runs collapse to one space; punctuation is kept so phrases still match.
    """
    if not value:
        return ""
    folded = value.casefold().translate(_APOSTROPHES)
    chars = [_CYRILLIC_TO_LATIN.get(ch, _SPECIAL_LATIN.get(ch, ch)) for ch in folded]
    decomposed = unicodedata.normalize("NFKD", "".join(chars))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WHITESPACE.sub(" ", stripped).strip()


def normalize_with_offsets(value: str) -> tuple[str, list[int]]:
    """Normalise like `normalize_text`, but keep every character and map each one back.

    Returns the normalised string and, for each of its characters, the index of the character of
    `value` it came from. White space is mapped to single spaces one for one (not collapsed), so
    a match found in the normalised text can be cut out of the original.
    """
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(value):
        if ch.isspace():
            piece = " "
        else:
            folded = ch.casefold().translate(_APOSTROPHES)
            mapped = "".join(_CYRILLIC_TO_LATIN.get(c, _SPECIAL_LATIN.get(c, c)) for c in folded)
            piece = "".join(c for c in unicodedata.normalize("NFKD", mapped) if not unicodedata.combining(c))
        out.append(piece)
        origin.extend([index] * len(piece))
    return "".join(out), origin
