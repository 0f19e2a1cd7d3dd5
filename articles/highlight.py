"""Render an article body with its quote, claim and mention spans marked, for staff pages.

Spans may nest or overlap (a claim inside a quote, a mention inside both); the body is cut
at every span boundary and each piece carries the classes of all spans covering it, so the
markup never nests or crosses. Everything taken from the text is escaped. The colours live in
articles/static/articles/curation.css (classes hl-quote, hl-claim, hl-mention).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from articles.ingest.quotes import sentence_bounds

if TYPE_CHECKING:
    from articles.ingest.pipeline import Extraction
    from articles.models import Article

KINDS = ("quote", "claim", "mention")
LEGEND = {
    "quote": "Quote (direct or reported speech)",
    "claim": "Claim",
    "mention": "Actor mention",
}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "quote", "claim" or "mention": becomes the CSS class hl-<kind>
    label: str
    url: str = ""


def highlight_spans(body: str, spans: list[Span]) -> SafeString:
    """Return `body` as escaped HTML with each span's text wrapped in marked-up elements.

    A piece covered by several spans links to the narrowest of them (the one a click most
    likely means); its title names all of them. Spans outside the body are ignored.
    """
    valid = [span for span in spans if 0 <= span.start < span.end <= len(body)]
    cuts = sorted({0, len(body), *(s.start for s in valid), *(s.end for s in valid)})
    pieces: list[str] = []
    for left, right in itertools.pairwise(cuts):
        text = escape(body[left:right])
        covering = [s for s in valid if s.start <= left and right <= s.end]
        if not covering:
            pieces.append(text)
            continue
        # The narrowest span is the one a click should open; on a tie, a quote before a claim before a mention.
        target = min(covering, key=lambda s: (s.end - s.start, KINDS.index(s.kind) if s.kind in KINDS else 9))
        classes = " ".join(sorted({f"hl-{s.kind}" for s in covering}))
        title = " | ".join(s.label for s in covering)
        if target.url:
            pieces.append(format_html('<a class="hl {}" href="{}" title="{}">{}</a>', classes, target.url, title, text))
        else:
            pieces.append(format_html('<span class="hl {}" title="{}">{}</span>', classes, title, text))
    # Every piece was escaped above (line breaks are kept by the stylesheet: white-space: pre-wrap).
    return mark_safe("".join(pieces))  # noqa: S308


def highlight_legend(counts: dict[str, int] | None = None) -> SafeString:
    """The colour key for highlighted bodies, with how many spans of each kind when `counts` is given."""
    return format_html(
        '<div class="hl-legend">{}</div>',
        format_html_join(
            "",
            '<span class="hl hl-{}">{}</span>',
            ((kind, f"{label} ({counts[kind]})" if counts is not None else label) for kind, label in LEGEND.items()),
        ),
    )


def highlighted_body(body: str, spans: list[Span]) -> SafeString:
    """Legend and highlighted body together, as the article page and the ingest preview show them."""
    counts = {kind: sum(1 for span in spans if span.kind == kind) for kind in KINDS}
    return format_html(
        '{}<div class="hl-body">{}</div>',
        highlight_legend(counts),
        highlight_spans(body, spans),
    )


def _confidence(value: float | None) -> str:
    return f", confidence {value:.2f}" if value is not None else ""


def article_spans(article: Article) -> list[Span]:
    """Every quote, claim and mention of a stored article, each linking to its admin change page."""
    quotes = [
        Span(
            q.start,
            q.end,
            "quote",
            f"Quote by {q.speaker or q.speaker_text or 'unattributed'}{_confidence(q.confidence)}",
            reverse("admin:articles_quote_change", args=[q.pk]),
        )
        for q in article.quotes.select_related("speaker")
    ]
    claims = [
        Span(
            c.start,
            c.end,
            "claim",
            f"Claim: {c.statement}{_confidence(c.confidence)}",
            reverse("admin:articles_claim_change", args=[c.pk]),
        )
        for c in article.claims.all()
    ]
    mentions = [
        Span(m.start, m.end, "mention", f"Mention of {m.actor}", reverse("admin:articles_mention_change", args=[m.pk]))
        for m in article.mentions.select_related("actor")
    ]
    return quotes + claims + mentions


def extraction_spans(extraction: Extraction) -> list[Span]:
    """What an unsaved extraction found, each span linking to its row in the preview tables (#preview-…)."""
    quotes = [
        Span(
            q.start,
            q.end,
            "quote",
            f"Quote by {q.speaker.name if q.speaker else q.speaker_text or 'unattributed'}{_confidence(q.confidence)}",
            f"#preview-quote-{number}",
        )
        for number, q in enumerate(extraction.quotes, start=1)
    ]
    claims = [
        Span(c.start, c.end, "claim", f"Claim: {c.statement}{_confidence(c.confidence)}", f"#preview-claim-{number}")
        for number, c in enumerate(extraction.claims, start=1)
    ]
    mentions = [
        Span(m.start, m.end, "mention", f"Mention of {m.ref.name}" + (" (new)" if m.ref.is_new else ""))
        for m in extraction.mentions
    ]
    return quotes + claims + mentions


def _cut_left(text: str, limit: int) -> str:
    """The last `limit` characters of `text`, starting at a word, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    tail = text[-limit:]
    return "…" + (tail.split(" ", 1)[1] if " " in tail else tail)


def _cut_right(text: str, limit: int) -> str:
    """The first `limit` characters of `text`, ending at a word, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    return (head.rsplit(" ", 1)[0] if " " in head else head) + "…"


def context_snippet(body: str, start: int, end: int, margin: int = 200) -> SafeString:
    """The span marked inside its sentence, with up to `margin` characters of the text around it.

    The sentence (or sentences) holding the span is shown in full unless longer than `margin` on
    either side; the neighbouring text is dimmed (class context-around). All text is escaped.
    """
    if not (0 <= start < end <= len(body)):
        return format_html('<div class="context-snippet">{}</div>', "(the span is outside the article body)")
    sentence_start = min(start, sentence_bounds(body, start)[0])
    sentence_end = max(end, sentence_bounds(body, end - 1)[1])
    before = _cut_left(body[sentence_start:start], margin)
    after = _cut_right(body[end:sentence_end], margin)
    around_before = _cut_left(body[:sentence_start], margin // 2) if sentence_start else ""
    around_after = _cut_right(body[sentence_end:], margin // 2)
    return format_html(
        '<div class="context-snippet"><span class="context-around">{}</span><span class="context-sentence">{}'
        '<mark class="context-span">{}</mark>{}</span><span class="context-around">{}</span></div>',
        around_before,
        before,
        body[start:end],
        after,
        around_after,
    )
