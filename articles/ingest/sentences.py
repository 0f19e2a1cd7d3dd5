"""Sentence and paragraph boundaries of a body, computed once per body and looked up by offset.

Every stage that asks "which sentence holds this offset?" (quotes, claims, highlighting) shares one
`SentenceIndex` per body, so the cost is linear in the text instead of one scan per quotation.

Rules: a paragraph ends at a blank line; a sentence ends after `.`, `!`, `?` or `…`, optionally followed
by closing quotation marks (including the “ that closes „…“ and the ” that closes ”…”), and white space
before a capital, a digit, an opening mark or a speech dash. A full stop after an initial ("A.") or a
listed abbreviation ("Mr.", "dr.", "gen.") does not end a sentence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁЂЃЄЅІЇЈЉЊЋЌЎЏ"
_CLOSERS = "”\"’»“'‘"
_SENTENCE_BREAK = re.compile(rf"(?<=[.!?…])[{_CLOSERS}]*\s+(?=[{_UPPER}0-9“\"„«‘‚»”])")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Every language's abbreviations, lower-cased ("dr", "gen", "тыс"): data in the lexicon files."""
    from articles.ingest.lexicon import load_lexicon

    words: set[str] = set()
    for language in load_lexicon().languages.values():
        words.update(str(word).lower().rstrip(".") for word in language.get("abbreviations") or [])
    return frozenset(words)


@dataclass(frozen=True)
class SentenceIndex:
    """All sentence spans of one body, in order, never crossing a paragraph break."""

    body: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    paragraph_starts: tuple[int, ...]
    paragraph_ends: tuple[int, ...]

    def bounds(self, offset: int) -> tuple[int, int]:
        """(start, end) of the sentence holding `offset` (the one after it when `offset` is in a gap)."""
        if not self.starts:
            return 0, len(self.body)
        i = max(0, bisect.bisect_right(self.starts, offset) - 1)
        if offset >= self.ends[i] and i + 1 < len(self.starts) and not self._gap_in_paragraph(i, offset):
            i += 1
        return self.starts[i], self.ends[i]

    def _gap_in_paragraph(self, i: int, offset: int) -> bool:
        # An offset in the white space after a sentence still belongs to it when the paragraph goes on.
        return offset < self.starts[i + 1] and self.paragraph(offset) == self.paragraph(self.starts[i])

    def paragraph(self, offset: int) -> tuple[int, int]:
        """(start, end) of the paragraph holding `offset`."""
        if not self.paragraph_starts:
            return 0, len(self.body)
        i = max(0, bisect.bisect_right(self.paragraph_starts, offset) - 1)
        return self.paragraph_starts[i], self.paragraph_ends[i]

    def spans(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends, strict=True))

    def index_of(self, offset: int) -> int:
        """Position of the sentence holding `offset` in the list of sentences."""
        start, _end = self.bounds(offset)
        return bisect.bisect_left(self.starts, start)


class _Counter:
    """How many indexes were built: tests use it to prove extraction segments each body once."""

    builds = 0


BUILD_COUNTER = _Counter()


def _abbreviation_before(body: str, period: int) -> bool:
    """A full stop that ends an initial ("Matthew A. Palmer") or an abbreviation ("Aug. 15", "Mr.")."""
    word = re.search(r"([^\W\d_]+)\.$", body[max(0, period - 7) : period + 1])
    if not word:
        return False
    text = word.group(1)
    return (len(text) == 1 and text.isupper()) or text.lower() in abbreviations()


def build_index(body: str) -> SentenceIndex:
    """Segment `body` into paragraphs and sentences in one pass."""
    BUILD_COUNTER.builds += 1
    paragraphs: list[tuple[int, int]] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        paragraphs.append((position, match.start()))
        position = match.end()
    paragraphs.append((position, len(body)))
    starts: list[int] = []
    ends: list[int] = []
    for paragraph_start, paragraph_end in paragraphs:
        start = paragraph_start
        while start < paragraph_end and body[start].isspace():
            start += 1
        if start >= paragraph_end:
            continue
        for match in _SENTENCE_BREAK.finditer(body, start, paragraph_end):
            period = match.start() - 1
            if body[period] == "." and _abbreviation_before(body, period):
                continue
            end = match.start() + len(match.group().rstrip())  # closing marks belong to the sentence
            if end > start:
                starts.append(start)
                ends.append(end)
            start = match.end()
        end = paragraph_end
        while end > start and body[end - 1].isspace():
            end -= 1
        if end > start:
            starts.append(start)
            ends.append(end)
    return SentenceIndex(
        body,
        tuple(starts),
        tuple(ends),
        tuple(p[0] for p in paragraphs),
        tuple(p[1] for p in paragraphs),
    )


@lru_cache(maxsize=16)
def sentence_index(body: str) -> SentenceIndex:
    """The index of `body`, built on first use and shared by every stage that asks."""
    return build_index(body)


def sentence_bounds(body: str, offset: int) -> tuple[int, int]:
    """Start and end of the sentence around `offset` (quotations may hold several sentences)."""
    return sentence_index(body).bounds(offset)


def sentences(body: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, never crossing a paragraph break."""
    return sentence_index(body).spans()
