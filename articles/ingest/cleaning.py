"""Stage 2, cleaning: the article body out of scraped text, with a map back to raw offsets.

Removes what is not the article: navigation and breadcrumbs, read-time labels, header lines
before the body (headline and byline go to the metadata stage), repeated teasers, donation and
paywall asks, newsletter and contact footers, author bios, markdown link and emphasis syntax and
editors' sign-offs. Repairs paragraphs broken mid-sentence. Every character of the body keeps the
offset of the raw character it came from (`CleanedText.to_raw`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from articles.ingest.lexicon import Lexicon, load_lexicon
from balkanapi.text import normalize_text

# Markdown syntax whose visible text is kept: [text](url), **bold**, *emphasis*, _emphasis_.
_MARKUP = re.compile(
    r"\[(?P<link>[^\]\n]*)\]\([^)\n]*\)|\*\*(?P<bold>[^*\n]+)\*\*|\*(?P<em>[^*\n]+)\*|(?<!\w)_(?P<u>[^_\n]+)_(?!\w)"
)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_BULLET = re.compile(r"^\s*[•·▪►>|]\s*")
_TERMINAL = re.compile(r"[.!?:;…”\"»’)\]]\s*$")
_TEASER_END = re.compile(r"\s*(?:\[…\]|\[\.\.\.\]|\(…\)|…|\.\.\.)\s*$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Line:
    text: str
    start: int  # raw offset of text[0]


@dataclass(frozen=True)
class Segment:
    clean_start: int
    raw_start: int
    length: int


@dataclass
class CleanedText:
    body: str
    raw: str
    segments: list[Segment]
    header: list[str] = field(default_factory=list)  # removed lines before the body (headline, byline …)
    footer: list[str] = field(default_factory=list)  # removed lines after the body (credits, bios …)
    removed: list[tuple[int, int, str]] = field(default_factory=list)  # (raw_start, raw_end, reason)
    heading: str | None = None  # a markdown "# " heading, when the text has one

    def to_raw(self, offset: int) -> int:
        """Raw offset of the body character at `offset` (or just after the body's end)."""
        if not self.segments:
            return 0
        starts = [segment.clean_start for segment in self.segments]
        index = max(0, bisect.bisect_right(starts, offset) - 1)
        segment = self.segments[index]
        return segment.raw_start + min(max(offset - segment.clean_start, 0), segment.length)

    def offset_map(self) -> list[list[int]]:
        """Compact JSON-friendly form of the map: [clean_start, raw_start, length] per segment."""
        return [[s.clean_start, s.raw_start, s.length] for s in self.segments]


def _lines(raw: str) -> list[Line]:
    lines, position = [], 0
    for text in raw.split("\n"):
        stripped = text.strip()
        lines.append(Line(stripped, position + (len(text) - len(text.lstrip()))))
        position += len(text) + 1
    return lines


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Every non-blank line starts as its own paragraph.

    Scraped text marks paragraphs with blank lines or with single line breaks; lines broken
    mid-sentence (hard wraps, broken markup) are joined again when the body is assembled.
    """
    return [[line] for line in lines if line.text]


def _plain(text: str) -> str:
    """Text without markdown syntax, for classification."""
    text = _HEADING.sub("", text)
    return _MARKUP.sub(lambda m: next(g for g in m.groups() if g is not None), text)


def _count_words(text: str) -> int:
    return len(_WORD.findall(text))


def _is_boilerplate_line(text: str, lexicon: Lexicon) -> bool:
    plain = _plain(text).strip()
    if not plain:
        return True
    return any(pattern.match(plain) for pattern in lexicon.boilerplate_patterns)


def _is_footer_marker(text: str, lexicon: Lexicon) -> bool:
    plain = _plain(text).strip()
    return any(pattern.match(plain) for pattern in lexicon.footer_patterns)


def _ask_score(text: str, lexicon: Lexicon) -> int:
    normalized = normalize_text(_plain(text))
    return sum(1 for phrase in lexicon.ask_phrases if phrase in normalized)


def _is_body_paragraph(paragraph: list[Line]) -> bool:
    """Prose, not a label: enough words and a sentence end."""
    text = " ".join(line.text for line in paragraph)
    plain = _plain(text)
    return _count_words(plain) >= 15 and bool(re.search(r"[.!?”\"»]", plain))


def clean(raw: str, lexicon: Lexicon | None = None) -> CleanedText:
    """Return the cleaned body of `raw` with its offset map and the header/footer lines removed."""
    lexicon = lexicon or load_lexicon()
    paragraphs = _paragraphs(_lines(raw))
    removed: list[tuple[int, int, str]] = []
    header: list[str] = []
    footer: list[str] = []
    heading = None

    def drop(paragraph: list[Line], reason: str) -> None:
        removed.append((paragraph[0].start, paragraph[-1].start + len(paragraph[-1].text), reason))

    # Lines before the first prose paragraph are the page header: headline, byline, labels, menus.
    kept: list[list[Line]] = []
    in_header = True
    in_footer = False
    for paragraph in paragraphs:
        if in_footer:
            footer.extend(line.text for line in paragraph)
            drop(paragraph, "footer")
            continue
        if any(_is_footer_marker(line.text, lexicon) for line in paragraph):
            in_footer = True
            footer.extend(line.text for line in paragraph)
            drop(paragraph, "footer")
            continue
        text = " ".join(line.text for line in paragraph)
        asks = _ask_score(text, lexicon)
        if asks >= 2 or (asks == 1 and _count_words(text) <= 12 and not _TERMINAL.search(text)):
            drop(paragraph, "donation or subscription ask")
            if in_header:
                header.extend(line.text for line in paragraph)
            continue
        if in_header and not _is_body_paragraph(paragraph):
            for line in paragraph:
                if heading is None and _HEADING.match(line.text):
                    heading = _plain(line.text).strip()
                header.append(line.text)
            drop(paragraph, "header")
            continue
        in_header = False
        lines = []
        for line in paragraph:
            if _is_boilerplate_line(line.text, lexicon) and not _is_body_paragraph([line]):
                removed.append((line.start, line.start + len(line.text), "boilerplate line"))
                (footer if kept else header).append(line.text)
            else:
                lines.append(line)
        if lines:
            kept.append(lines)

    kept = _drop_teasers(kept, removed)
    kept = _drop_trailing_labels(kept, removed, footer, lexicon)
    return _assemble(raw, kept, header, footer, removed, heading, lexicon)


def _paragraph_plain(paragraph: list[Line]) -> str:
    return " ".join(_plain(line.text) for line in paragraph)


def _drop_teasers(kept: list[list[Line]], removed: list) -> list[list[Line]]:
    """A paragraph cut short with an ellipsis that the following text repeats is a teaser."""
    result = []
    for index, paragraph in enumerate(kept):
        text = _paragraph_plain(paragraph)
        if _TEASER_END.search(text):
            stem = " ".join(_TEASER_END.sub("", text).split())
            rest = " ".join(" ".join(_paragraph_plain(p) for p in kept[index + 1 :]).split())
            if len(stem) >= 40 and rest.startswith(stem):
                removed.append((paragraph[0].start, paragraph[-1].start + len(paragraph[-1].text), "repeated teaser"))
                continue
        result.append(paragraph)
    return result


def _drop_trailing_labels(kept: list[list[Line]], removed: list, footer: list[str], lexicon: Lexicon) -> list:
    """Short label-like paragraphs after the last prose paragraph belong to the page footer."""
    while (
        kept
        and not _is_body_paragraph(kept[-1])
        and _count_words(_paragraph_plain(kept[-1])) <= 8
        and not _TERMINAL.search(_paragraph_plain(kept[-1]))
    ):
        paragraph = kept.pop()
        footer[:0] = [line.text for line in paragraph]
        removed.append((paragraph[0].start, paragraph[-1].start + len(paragraph[-1].text), "footer label"))
    return kept


def _pieces(line: Line) -> list[tuple[str, int]]:
    """The visible text of a line as (text, raw offset) pieces, markdown syntax removed."""
    text, start = line.text, line.start
    heading = _HEADING.match(text)
    offset = heading.end() if heading else 0
    pieces: list[tuple[str, int]] = []
    for match in _MARKUP.finditer(text, offset):
        if match.start() > offset:
            pieces.append((text[offset : match.start()], start + offset))
        name = next(name for name, value in match.groupdict().items() if value is not None)
        pieces.append((match.group(name), start + match.start(name)))
        offset = match.end()
    if offset < len(text):
        pieces.append((text[offset:], start + offset))
    if pieces:
        _BULLET_MATCH = _BULLET.match(pieces[0][0])
        if _BULLET_MATCH:
            first, first_start = pieces[0]
            pieces[0] = (first[_BULLET_MATCH.end() :], first_start + _BULLET_MATCH.end())
    return [(piece, position) for piece, position in pieces if piece]


def _assemble(raw, kept, header, footer, removed, heading, lexicon: Lexicon) -> CleanedText:
    # Join paragraphs broken mid-sentence: no sentence end, and either the next one starts in lower
    # case or the line was long (a hard wrap, not a cross-head).
    merged: list[list[Line]] = []
    for paragraph in kept:
        if merged:
            previous = _paragraph_plain(merged[-1]).rstrip()
            following = _paragraph_plain(paragraph).lstrip()
            unfinished = previous and not _TERMINAL.search(previous)
            if unfinished and following and (following[0].islower() or len(_plain(merged[-1][-1].text)) >= 60):
                merged[-1] = merged[-1] + paragraph
                continue
        merged.append(paragraph)

    body_parts: list[str] = []
    segments: list[Segment] = []
    length = 0

    def append(text: str, raw_start: int) -> None:
        nonlocal length
        segments.append(Segment(length, raw_start, len(text)))
        body_parts.append(text)
        length += len(text)

    for p_index, paragraph in enumerate(merged):
        if p_index:
            append("\n\n", segments[-1].raw_start + segments[-1].length)
        for l_index, line in enumerate(paragraph):
            pieces = _pieces(line)
            if l_index and pieces:
                append(" ", segments[-1].raw_start + segments[-1].length)
            for text, raw_start in pieces:
                append(text, raw_start)

    body = "".join(body_parts)
    signoff = lexicon.trailing_signoff.search(body)
    if signoff:
        footer.append(body[signoff.start() :].strip())
        body = body[: signoff.start()]
        segments = _truncate(segments, len(body))
    stripped = body.rstrip()
    if len(stripped) != len(body):
        body = stripped
        segments = _truncate(segments, len(body))
    return CleanedText(
        body=body, raw=raw, segments=segments, header=header, footer=footer, removed=sorted(removed), heading=heading
    )


def _truncate(segments: list[Segment], length: int) -> list[Segment]:
    kept = []
    for segment in segments:
        if segment.clean_start >= length:
            break
        kept.append(Segment(segment.clean_start, segment.raw_start, min(segment.length, length - segment.clean_start)))
    return kept
