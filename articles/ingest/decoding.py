"""Stage 1, decoding: bytes in any of the region's encodings, or an HTML page, to plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from articles.ingest.errors import IngestError

# Documented in the README: larger inputs are refused before any work is done.
MAX_INPUT_BYTES = 2 * 1024 * 1024

# Encodings tried when the bytes are not UTF-8: the legacy code pages of the region, then the
# common Western one (charset-normalizer picks the most coherent).
CANDIDATE_ENCODINGS = ["cp1250", "cp1251", "iso8859_2", "iso8859_5", "koi8_r", "cp1252", "iso8859_1", "mac_cyrillic"]

# Letters and marks the region's texts are written with, beyond ASCII: BCS and Slovene Latin, Albanian,
# Cyrillic, and the typographic quotes and dashes of every style in use. A legacy code page that decodes
# the bytes into these is preferred to one that decodes them into letters of other languages.
_REGION_CHARACTERS = frozenset("čćđšžČĆĐŠŽëçËÇ„“”‘’‚«»‹›–—…•€°") | frozenset(map(chr, range(0x0400, 0x0460)))

_BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"GIF8", b"\xff\xd8\xff", b"\x7fELF", b"MZ", b"\x1f\x8b")
_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p)(?:\s[^>]*)?>", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Decoded:
    text: str  # the input as text; for HTML, the page source
    encoding: str
    is_html: bool
    plain_text: str  # what later stages read: equal to `text`, or the article text extracted from HTML
    html_metadata: dict[str, str | None]


def decode(data: bytes | str) -> Decoded:
    """Turn raw input into text, refusing empty, binary, oversized or undecodable input."""
    if isinstance(data, str):
        text, encoding = data, "utf-8"
        if len(text.encode("utf-8", errors="surrogatepass")) > MAX_INPUT_BYTES:
            raise IngestError("too_large", f"Input is larger than {MAX_INPUT_BYTES // 1024 // 1024} MiB.")
    else:
        if len(data) > MAX_INPUT_BYTES:
            raise IngestError("too_large", f"Input is larger than {MAX_INPUT_BYTES // 1024 // 1024} MiB.")
        if data.startswith(_BINARY_SIGNATURES) or b"\x00" in data[:8192]:
            raise IngestError("binary", "This looks like a binary file (PDF, image, archive …), not text or HTML.")
        text, encoding = _decode_bytes(data)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError("empty", "The input is empty or only white space.")
    if len(_CONTROL.findall(text[:20000])) > max(5, len(text[:20000]) // 100):
        raise IngestError("binary", "The input contains control characters: it is not readable text.")
    if _HTML_SNIFF.search(text[:20000]):
        plain, metadata = _extract_html(text)
        return Decoded(text=text, encoding=encoding, is_html=True, plain_text=plain, html_metadata=metadata)
    return Decoded(text=text, encoding=encoding, is_html=False, plain_text=text, html_metadata={})


def _decode_bytes(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        raise IngestError("undecodable", "The bytes are neither UTF-8 nor a known legacy encoding of the region.")
    text, encoding = str(best), best.encoding
    # charset-normalizer judges coherence with any language; ISO-8859-2 text of the region often reads as
    # "coherent" Latin-1 ("æe" for "će"). Another candidate wins only when it yields clearly more of the
    # region's own letters.
    for candidate in CANDIDATE_ENCODINGS:
        try:
            decoded = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if region_score(decoded) > region_score(text):
            text, encoding = decoded, candidate
    return text, encoding


def region_score(text: str) -> int:
    """Non-ASCII characters of the region's alphabets and typography, minus all other non-ASCII characters."""
    return sum(1 if character in _REGION_CHARACTERS else -1 for character in text if ord(character) > 127)


def _extract_html(html: str) -> tuple[str, dict[str, str | None]]:
    """Main text and metadata of an HTML page, by trafilatura (boilerplate-aware, no hand parsing)."""
    import trafilatura  # imported here: loading it costs time that plain-text ingestion need not pay

    document = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        favor_precision=True,
    )
    text = (getattr(document, "text", None) or "").strip() if document else ""
    if not text:
        raise IngestError("no_body", "No article text could be found in this HTML page.")
    metadata = {
        "title": getattr(document, "title", None),
        "author": getattr(document, "author", None),
        "date": getattr(document, "date", None),
        "url": getattr(document, "url", None),
        "sitename": getattr(document, "sitename", None),
        "description": getattr(document, "description", None),
    }
    # trafilatura separates paragraphs by single newlines; the cleaner expects blank lines.
    return re.sub(r"\n+", "\n\n", text), metadata
