"""All stages in order, on plain data: bytes or text in, an `Extraction` out. No database access."""

from __future__ import annotations

from dataclasses import dataclass

from articles.ingest.actors import ActorIndex, ActorRef, FoundMention, find_mentions
from articles.ingest.claims import FoundClaim, extract_claims
from articles.ingest.cleaning import CleanedText, clean
from articles.ingest.decoding import Decoded, decode
from articles.ingest.errors import IngestError
from articles.ingest.languages import ParagraphLanguage, article_languages, language_at, paragraph_languages
from articles.ingest.lexicon import load_lexicon
from articles.ingest.metadata import Metadata, extract_metadata
from articles.ingest.quotes import FoundQuote, extract_quotes
from articles.ingest.similarity import Fingerprint, fingerprint

MIN_BODY_CHARACTERS = 80


@dataclass
class Extraction:
    decoded: Decoded
    cleaned: CleanedText
    metadata: Metadata
    paragraphs: list[ParagraphLanguage]
    languages: list[str]
    mentions: list[FoundMention]
    quotes: list[FoundQuote]
    quote_languages: list[str | None]
    claims: list[FoundClaim]
    fingerprint: Fingerprint
    authors: list[ActorRef]

    @property
    def body(self) -> str:
        return self.cleaned.body

    def refs(self) -> list[ActorRef]:
        """Every actor the extraction points to, each once."""
        seen: dict[int, ActorRef] = {}
        candidates = [m.ref for m in self.mentions] + list(self.authors)
        for quote in self.quotes:
            candidates += ([quote.speaker] if quote.speaker else []) + quote.about
        for claim in self.claims:
            candidates += ([claim.claimant] if claim.claimant else []) + claim.subjects
        for ref in candidates:
            seen.setdefault(id(ref), ref)
        return list(seen.values())


def extract(data: bytes | str, index: ActorIndex | None = None) -> Extraction:
    """Run every stage on one document. Raises IngestError for input that cannot be ingested."""
    lexicon = load_lexicon()
    index = index or ActorIndex([], lexicon)
    decoded = decode(data)
    cleaned = clean(decoded.plain_text, lexicon)
    if len(cleaned.body.strip()) < MIN_BODY_CHARACTERS:
        raise IngestError("no_body", "No article text is left once navigation, banners and footers are removed.")
    metadata = extract_metadata(cleaned, decoded.html_metadata, lexicon)
    paragraphs = paragraph_languages(cleaned.body)
    mentions = find_mentions(cleaned.body, index)
    quotes = extract_quotes(cleaned.body, mentions, lexicon)
    claims = extract_claims(cleaned.body, mentions, quotes, lexicon, paragraphs)
    authors = [index.resolve_name(name, "person") for name in metadata.authors]
    return Extraction(
        decoded=decoded,
        cleaned=cleaned,
        metadata=metadata,
        paragraphs=paragraphs,
        languages=article_languages(paragraphs),
        mentions=mentions,
        quotes=quotes,
        quote_languages=[language_at(paragraphs, quote.start) for quote in quotes],
        claims=claims,
        fingerprint=fingerprint(cleaned.body),
        authors=authors,
    )
