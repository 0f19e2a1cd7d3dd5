"""Full-text search (`q`) on articles, quotes and claims, and name search on actors.

Syntax (web-search style): words must all occur; `"quoted phrase"`; `a OR b`; `-word` excludes.
Case, accents and script are ignored on both databases ("Vucic" finds "Vučić").

- PostgreSQL: the GIN-indexed `search_document` (see articles migration 0003) is matched with
  `websearch_to_tsquery('simple', …)`; results carry a relevance `rank` and default to `ordering=-rank`.
- SQLite: the same syntax is matched as substrings of the normalised text; `rank` is the number of
  matched words, so the default order still puts better matches first.

Queries are bounded (characters and words) and use no regular expressions in the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django import forms
from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.html import escape

from balkanapi.text import normalize_text, normalize_with_offsets

MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 10
_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


@dataclass
class ParsedQuery:
    """A web-search query: groups of alternatives that must all match, and exclusions."""

    text: str  # normalised query for PostgreSQL's parser
    groups: list[list[str]] = field(default_factory=list)  # AND of ORs; each term a word or phrase
    excluded: list[str] = field(default_factory=list)

    @property
    def terms(self) -> list[str]:
        return [term for group in self.groups for term in group]


def parse_query(raw: str) -> ParsedQuery:
    """Parse and bound a query; raises forms.ValidationError with a message for the client."""
    if len(raw) > MAX_QUERY_LENGTH:
        raise forms.ValidationError(f"Use at most {MAX_QUERY_LENGTH} characters.", code="max_length")
    normalized = normalize_text(raw)
    parsed = ParsedQuery(text=normalized)
    pending_or = False
    for match in _TOKEN.finditer(normalized):
        negative, phrase, word = match.group(1) == "-", match.group(2), match.group(3)
        if word is not None and word.lower() == "or":
            pending_or = bool(parsed.groups)
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negative, word = True, word[1:]
        term = " ".join((phrase if phrase is not None else word).split()).strip("\"'")
        if not term:
            continue
        if negative:
            parsed.excluded.append(term)
        elif pending_or:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        pending_or = False
    if len(parsed.terms) + len(parsed.excluded) > MAX_QUERY_TERMS:
        raise forms.ValidationError(f"Use at most {MAX_QUERY_TERMS} search terms.", code="too_many_terms")
    return parsed


class SearchQueryField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return parse_query(value) if value and value.strip() else None


def full_text_search(queryset: QuerySet, query: ParsedQuery) -> QuerySet:
    """Rows matching the query, annotated with `rank` (higher is better)."""
    if not query.groups and not query.excluded:
        return queryset
    if connection.vendor == "postgresql":
        # The column is not a model field (it exists only on PostgreSQL); the table name comes from the
        # model, and the user's text is always a bound parameter.
        column = f'"{queryset.model._meta.db_table}"."search_document"'
        tsquery = "websearch_to_tsquery('simple', %s)"
        matches = RawSQL(f"{column} @@ {tsquery}", [query.text], output_field=BooleanField())  # noqa: S611
        rank = RawSQL(f"ts_rank_cd({column}, {tsquery})", [query.text], output_field=FloatField())  # noqa: S611
        return queryset.alias(search_match=matches).filter(search_match=True).annotate(rank=rank)
    condition = Q()
    rank = Value(0.0, output_field=FloatField())
    for group in query.groups:
        alternatives = Q()
        for term in group:
            alternatives |= Q(search_text__contains=term)
        condition &= alternatives
    for term in query.excluded:
        condition &= ~Q(search_text__contains=term)
    for term in query.terms:
        rank = rank + Cast(Q(search_text__contains=term), output_field=FloatField())
    return queryset.filter(condition).annotate(rank=rank)


def snippet(text: str, query: ParsedQuery | None, width: int = 160) -> str | None:
    """A piece of `text` around the first match, matches wrapped in <mark>…</mark> (HTML-escaped)."""
    if not query or not query.terms or not text:
        return None
    normalized, origin = normalize_with_offsets(text)
    hits = []
    for term in query.terms:
        for match in re.finditer(rf"(?<!\w){re.escape(term)}", normalized):
            hits.append((origin[match.start()], origin[match.end() - 1] + 1))
    if not hits:
        return escape(text[:width]) + ("…" if len(text) > width else "")
    hits.sort()
    start = max(0, hits[0][0] - width // 3)
    end = min(len(text), start + width)
    pieces, position = [], start
    for hit_start, hit_end in hits:
        if hit_start < position or hit_end > end:
            continue
        pieces.append(escape(text[position:hit_start]))
        pieces.append(f"<mark>{escape(text[hit_start:hit_end])}</mark>")
        position = hit_end
    pieces.append(escape(text[position:end]))
    return ("…" if start else "") + "".join(pieces) + ("…" if end < len(text) else "")
