"""Render an article body with its quote, claim and mention spans marked, for staff pages.

Spans may nest or overlap (a claim inside a quote, a mention inside both); the body is cut
at every span boundary and each piece carries the classes of all spans covering it.
"""

import itertools
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "quote", "claim" or "mention": becomes the CSS class hl-<kind>
    label: str
    url: str = ""


def highlight_spans(body: str, spans: list[Span]) -> SafeString:
    """Return `body` as escaped HTML with each span's text wrapped in marked-up elements."""
    valid = [span for span in spans if 0 <= span.start < span.end <= len(body)]
    cuts = sorted({0, len(body), *(s.start for s in valid), *(s.end for s in valid)})
    pieces: list[str] = []
    for left, right in itertools.pairwise(cuts):
        text = escape(body[left:right])
        covering = [s for s in valid if s.start <= left and right <= s.end]
        if not covering:
            pieces.append(text)
            continue
        # The narrowest span is the one a click should open.
        target = min(covering, key=lambda s: s.end - s.start)
        classes = " ".join(sorted({f"hl-{s.kind}" for s in covering}))
        title = " | ".join(s.label for s in covering)
        if target.url:
            pieces.append(format_html('<a class="hl {}" href="{}" title="{}">{}</a>', classes, target.url, title, text))
        else:
            pieces.append(format_html('<span class="hl {}" title="{}">{}</span>', classes, title, text))
    # Every piece was escaped above; only our own <br> is added.
    return mark_safe("".join(pieces).replace("\n", "<br>"))  # noqa: S308
