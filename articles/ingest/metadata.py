"""Stage 3, metadata: headline, byline, wire credit, outlet name and publication date.

Reads what the cleaner removed around the body (header and footer lines) and the body's first
paragraph (for a dateline such as "ZAGREB (AP) —").
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from articles.ingest.cleaning import CleanedText, _plain
from articles.ingest.lexicon import Lexicon, load_lexicon
from balkanapi.text import normalize_text

_COPYRIGHT = [
    re.compile(r"^(?P<name>[A-Z][\w .&'-]{1,60}?)\s*(?:©|@|\(c\))\s*(?:\d{4})", re.IGNORECASE),
    re.compile(r"^(?:©|\(c\)|copyright)\s*(?:\d{4})?\s*(?P<name>[A-Z][\w .&'-]{1,60}?)[.,]", re.IGNORECASE),
]
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&|\bdhe\b|\bi\b|\bи\b)\s*")


@dataclass
class Metadata:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    wire: str | None = None  # name of the agency or syndicator whose story this is
    wire_note: str = ""
    outlet_name: str | None = None  # the publishing outlet, when the page names itself
    published_on: datetime.date | None = None
    date_precision: str = ""
    date_note: str = ""


def extract_metadata(
    cleaned: CleanedText,
    html_metadata: dict | None = None,
    lexicon: Lexicon | None = None,
) -> Metadata:
    """Metadata stated in or around the text; nothing is guessed beyond what the text says."""
    lexicon = lexicon or load_lexicon()
    html_metadata = html_metadata or {}
    header = [_plain(line).strip() for line in cleaned.header]
    footer = [_plain(line).strip() for line in cleaned.footer]
    first_paragraph = cleaned.body.split("\n\n", 1)[0]
    metadata = Metadata()
    metadata.title = html_metadata.get("title") or cleaned.heading or _headline(header, lexicon)
    metadata.authors = _authors(cleaned.header, html_metadata, lexicon)
    metadata.wire, metadata.wire_note = _wire(header + footer, first_paragraph, lexicon)
    metadata.outlet_name = html_metadata.get("sitename") or _outlet_name(header, footer)
    _date(metadata, header + footer + [first_paragraph], html_metadata, lexicon)
    return metadata


MAX_HEADLINE_WORDS = 30  # a longer line without a full stop is a paragraph whose end was lost, not a headline


def _is_date_line(line: str, lexicon: Lexicon) -> bool:
    """A line that is a date and little else ("Jun 3, 2021", "03.12.2025 | 10:36")."""
    rest = line
    for pattern in lexicon.date_patterns:
        rest = pattern.sub(" ", rest)
    return len(re.findall(r"[^\W\d_]{2,}", rest)) < 2


def _headline(header: list[str], lexicon: Lexicon) -> str | None:
    """The header line that reads like a headline: several words, no sentence end, not a label or a date."""
    candidates = [
        line
        for line in header
        if 3 <= len(line.split()) <= MAX_HEADLINE_WORDS
        and not line.endswith((".", "?", "!", ":"))
        and not _is_date_line(line, lexicon)
        and not line.startswith(("•", "-", "|"))
        and not any(pattern.match(line) for pattern in lexicon.boilerplate_patterns)
        and not any(pattern.search(line) for pattern in lexicon.byline_patterns)
    ]
    # A breadcrumb often repeats the headline; the longest candidate is the headline itself.
    return max(candidates, key=len) if candidates else None


def _authors(header_lines: list[str], html_metadata: dict, lexicon: Lexicon) -> list[str]:
    if html_metadata.get("author"):
        return [name for name in _NAME_SPLIT.split(html_metadata["author"]) if name]
    for line in header_lines:
        for pattern in lexicon.byline_patterns:
            match = pattern.search(line.strip())
            if match:
                names = [name.strip(" *_") for name in _NAME_SPLIT.split(match.group("names")) if name.strip(" *_")]
                if names and all(1 <= len(name.split()) <= 5 for name in names):
                    return names
    return []


def _wire(lines: list[str], first_paragraph: str, lexicon: Lexicon) -> tuple[str | None, str]:
    for line in [*lines, first_paragraph[:200]]:
        for pattern in lexicon.wire_patterns:
            match = pattern.search(line)
            if match:
                credit = match.group("wire").strip()
                return lexicon.wires.get(credit, credit), f"Credit in the text: {line[:120]!r}"
    return None, ""


def _outlet_name(header: list[str], footer: list[str]) -> str | None:
    for line in footer + header:
        for pattern in _COPYRIGHT:
            match = pattern.search(line)
            if match:
                return match.group("name").strip()
    # A short brand line repeated in the header ("DailyNews" / "DailyNews 4 Min Read").
    short = [line for line in header if 1 <= len(line.split()) <= 3 and not line.startswith(("•", "-"))]
    for line in short:
        first_word = line.split()[0]
        if len(first_word) > 2 and sum(1 for other in header if other.split() and other.split()[0] == first_word) >= 2:
            return first_word
    return None


def _date(metadata: Metadata, lines: list[str], html_metadata: dict, lexicon: Lexicon) -> None:
    if html_metadata.get("date"):
        try:
            metadata.published_on = datetime.date.fromisoformat(str(html_metadata["date"])[:10])
            metadata.date_precision = "day"
            metadata.date_note = "Publication date from the page's metadata."
            return
        except ValueError:
            pass
    for line in lines:
        normalized = normalize_text(line)
        marked = any(marker in normalized for marker in _published_markers(lexicon))
        for pattern in lexicon.date_patterns:
            match = pattern.search(line)
            if not match:
                continue
            parsed = _parse_date(match, lexicon)
            # A date counts when a label says it is the publication date, or stands alone on its line;
            # dates inside sentences are events ("met in Alaska on Aug. 15, 2025").
            if parsed and (marked or len(line.split()) <= 5):
                metadata.published_on = parsed
                metadata.date_precision = "day"
                metadata.date_note = f"Date stated beside the article: {line[:120]!r}."
                return
    metadata.date_note = "No publication date is stated in the text."


def _published_markers(lexicon: Lexicon) -> set[str]:
    markers: set[str] = set()
    for language in lexicon.languages.values():
        markers.update(normalize_text(word) for word in language.get("published_markers") or [])
    return markers


def _parse_date(match: re.Match, lexicon: Lexicon) -> datetime.date | None:
    parts = match.groupdict()
    try:
        year = int(parts["year"])
        day = int(parts.get("day") or 1)
        if parts.get("monthnum"):
            month = int(parts["monthnum"])
        else:
            month = lexicon.months.get(normalize_text(parts.get("month") or ""))
            if not month:
                return None
        return datetime.date(year, month, day)
    except (TypeError, ValueError):
        return None
