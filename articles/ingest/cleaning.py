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
# A dash line that is speech, not a menu item: "- We will not give up - he said." / "– сказал X."
_SPEECH_DASH = re.compile(r"^[-–—]\s*\S")
_SENTENCE_END = re.compile(r"[.!?…][”\"»“’')\]]*$")
_LEDE_END = re.compile(r"[.…][”\"»“’')\]]*$")
_HYPHEN_AT_END = re.compile(r"[^\W\d_]-$")
_LETTER_WORD = re.compile(r"(?<![\w-])[^\W\d_]{2,}(?![\w-])")
# Hard-wrapped text (wire copy, e-mail, PDF text): no line longer than this, most lines near one width.
MAX_WRAP_WIDTH = 100
MIN_WRAP_WIDTH = 40


@dataclass(frozen=True)
class Line:
    text: str
    start: int  # raw offset of text[0]
    # Raw offsets of white space that is not text: a hard-wrap break inside a hyphenated word ("Bosnia-
    # Herzegovina" wrapped after the hyphen). Classification sees it as a space; the body leaves it out.
    unbroken: tuple[int, ...] = ()


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


def wrap_width(lines: list[Line]) -> int | None:
    """The column at which the text was hard-wrapped, or None when its lines are not wrapped.

    Wrapped text has (almost) no line longer than the width and many lines close to it; scraped
    text has long paragraph lines. Unbreakable tokens (URLs) may overflow, so a few are tolerated.
    """
    lengths = [len(line.text) for line in lines if line.text]
    if len(lengths) < 4:
        return None
    if sum(1 for length in lengths if length > MAX_WRAP_WIDTH) > len(lengths) // 20:
        return None
    width = max(length for length in lengths if length <= MAX_WRAP_WIDTH)
    near = sum(1 for length in lengths if width - 15 <= length <= width)
    if width < MIN_WRAP_WIDTH or near < max(3, len(lengths) // 4):
        return None
    return width


def _wraps_onto(line: Line, following: Line, width: int) -> bool:
    """`line` was broken only because the first word of `following` would not fit in `width`."""
    first_word = following.text.split(maxsplit=1)[0]
    return len(line.text) + 1 + len(first_word) > width - 2


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Non-blank lines grouped into paragraphs.

    Scraped text marks paragraphs with blank lines or with single line breaks, so every line starts
    as its own paragraph (lines broken mid-sentence by broken markup are joined again when the body
    is assembled). In hard-wrapped text a line that was filled to the wrap width continues on the
    next line: the two become one line, so the paragraph is classified (prose or label) as a whole and
    markup broken over the wrap is read whole. The line break (with any white space around it) becomes
    as many spaces, so every character keeps its raw offset.
    """
    width = wrap_width(lines)
    paragraphs: list[list[Line]] = []
    previous: Line | None = None
    for line in lines:
        if not line.text:
            previous = None
            continue
        if width and previous is not None and _wraps_onto(previous, line, width):
            joined = paragraphs[-1][0]
            gap_start = joined.start + len(joined.text)
            gap = line.start - gap_start
            unbroken = joined.unbroken
            if _HYPHEN_AT_END.search(joined.text) and line.text[0].isalpha():
                unbroken += tuple(range(gap_start, line.start))  # "Bosnia-" + "Herzegovina": one word
            paragraphs[-1][0] = Line(joined.text + " " * gap + line.text, joined.start, unbroken)
        else:
            paragraphs.append([line])
        previous = line
    return paragraphs


def _plain(text: str) -> str:
    """Text without markdown syntax, for classification."""
    text = _HEADING.sub("", text)
    return _MARKUP.sub(lambda m: next(g for g in m.groups() if g is not None), text)


def _count_words(text: str) -> int:
    return len(_WORD.findall(text))


def is_dash_speech(text: str) -> bool:
    """A line opened by a dash that carries a sentence ("– We will not give up, – he said."), not a menu item.

    Menu and breadcrumb bullets are labels: no sentence end. Dash-introduced direct speech (bcs, mk,
    ru) is a sentence: at least two words and a sentence end.
    """
    plain = _plain(text).strip()
    return bool(_SPEECH_DASH.match(plain)) and _count_words(plain) >= 2 and bool(_SENTENCE_END.search(plain))


def _is_boilerplate_line(text: str, lexicon: Lexicon) -> bool:
    plain = _plain(text).strip()
    if not plain:
        return True
    if is_dash_speech(plain):
        return False
    return any(pattern.match(plain) for pattern in lexicon.boilerplate_patterns)


def is_lede_sentence(text: str, lexicon: Lexicon) -> bool:
    """A short header line that is a sentence of the article, not a headline, label or byline.

    Headlines, kickers and labels have no full stop; a line of at least four words that ends with a
    full stop (or an ellipsis), is not all capitals and is no byline or boilerplate is prose, even
    when it is too short to be recognised as a paragraph on its own ("The agency reported it.").
    """
    plain = _plain(text).strip()
    if not _LEDE_END.search(plain) or len(_LETTER_WORD.findall(plain)) < 4 or plain.upper() == plain:
        return False
    if _is_boilerplate_line(plain, lexicon) or _ask_score(plain, lexicon):
        return False
    return not any(pattern.search(plain) for pattern in lexicon.byline_patterns)


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
    # They are held until that paragraph is found, because the sentences just before it (a short lede,
    # "The agency reported it.") are the article's own text, not header.
    kept: list[list[Line]] = []
    held: list[tuple[list[Line], str]] = []
    in_header = True
    in_footer = False

    def release_header(body_follows: bool) -> None:
        nonlocal heading
        lede = len(held)
        while (
            body_follows
            and lede
            and held[lede - 1][1] == "header"
            and is_lede_sentence(_paragraph_plain(held[lede - 1][0]), lexicon)
        ):
            lede -= 1
        for paragraph, reason in held[:lede]:
            for line in paragraph:
                if reason == "header" and heading is None and _HEADING.match(line.text):
                    heading = _plain(line.text).strip()
                header.append(line.text)
            drop(paragraph, reason)
        for paragraph, _reason in held[lede:]:
            keep(paragraph)
        held.clear()

    def keep(paragraph: list[Line]) -> None:
        lines = []
        for line in paragraph:
            if _is_boilerplate_line(line.text, lexicon) and not _is_body_paragraph([line]):
                removed.append((line.start, line.start + len(line.text), "boilerplate line"))
                (footer if kept else header).append(line.text)
            else:
                lines.append(line)
        if lines:
            kept.append(lines)

    for paragraph in paragraphs:
        if in_footer:
            footer.extend(line.text for line in paragraph)
            drop(paragraph, "footer")
            continue
        if any(_is_footer_marker(line.text, lexicon) for line in paragraph):
            if in_header:
                release_header(body_follows=False)
                in_header = False
            in_footer = True
            footer.extend(line.text for line in paragraph)
            drop(paragraph, "footer")
            continue
        text = " ".join(line.text for line in paragraph)
        asks = _ask_score(text, lexicon)
        if asks >= 2 or (asks == 1 and _count_words(text) <= 12 and not _TERMINAL.search(text)):
            if in_header:
                held.append((paragraph, "donation or subscription ask"))
            else:
                drop(paragraph, "donation or subscription ask")
            continue
        if in_header and not _is_body_paragraph(paragraph):
            held.append((paragraph, "header"))
            continue
        if in_header:
            release_header(body_follows=True)
            in_header = False
        keep(paragraph)
    if in_header:
        release_header(body_follows=False)

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
    if line.unbroken:
        pieces = _without(pieces, set(line.unbroken))
    return [(piece, position) for piece, position in pieces if piece]


def _without(pieces: list[tuple[str, int]], positions: set[int]) -> list[tuple[str, int]]:
    """The pieces with the characters at the given raw offsets left out (split where they were)."""
    result = []
    for text, start in pieces:
        run_start = 0
        for index in range(len(text)):
            if start + index in positions:
                result.append((text[run_start:index], start + run_start))
                run_start = index + 1
        result.append((text[run_start:], start + run_start))
    return result


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
