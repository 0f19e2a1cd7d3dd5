"""Stage 8, same story and same quote: near-duplicate articles and one utterance across articles.

Articles are compared by word-trigram shingles of their normalised text. A bottom-k sketch (the k
smallest shingle hashes) is stored with each article, so a new article is compared with stored ones
without re-reading their bodies. Containment (shared shingles over the smaller article's) separates
a rewrite of the same story from independent coverage of the same event and from unrelated stories
on the same topic, which share only stock phrases.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from rapidfuzz import fuzz

from balkanapi.text import normalize_text

SKETCH_SIZE = 512
SHINGLE_WORDS = 3
REWRITE_CONTAINMENT = 0.12
SAME_EVENT_CONTAINMENT = 0.05
MIN_SHARED_SHINGLES = 8
QUOTE_MATCH_SCORE = 72  # rapidfuzz partial_ratio, 0..100
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprint:
    sketch: tuple[int, ...]  # sorted smallest shingle hashes
    size: int  # number of distinct shingles

    def as_json(self) -> dict:
        return {"sketch": list(self.sketch), "size": self.size}

    @classmethod
    def from_json(cls, data: dict | None) -> Fingerprint | None:
        if not data or "sketch" not in data:
            return None
        return cls(tuple(data["sketch"]), int(data.get("size", len(data["sketch"]))))


def fingerprint(text: str) -> Fingerprint:
    """Bottom-k sketch of the text's word trigrams (CRC32: stable across processes, unlike hash())."""
    words = _WORDS.findall(normalize_text(text))
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(0, len(words) - SHINGLE_WORDS + 1))}
    hashes = sorted({zlib.crc32(shingle.encode("utf-8")) for shingle in shingles})
    return Fingerprint(tuple(hashes[:SKETCH_SIZE]), len(shingles))


def containment(a: Fingerprint, b: Fingerprint) -> tuple[float, int]:
    """Estimated (shared shingles / shingles of the smaller text, number shared) from two sketches."""
    if not a.size or not b.size:
        return 0.0, 0
    union_sketch = sorted(set(a.sketch) | set(b.sketch))[:SKETCH_SIZE]
    in_both = set(a.sketch) & set(b.sketch)
    sampled = sum(1 for value in union_sketch if value in in_both)
    jaccard = sampled / len(union_sketch) if union_sketch else 0.0
    shared = jaccard * (a.size + b.size) / (1 + jaccard)
    return shared / min(a.size, b.size), round(shared)


def same_story_kind(a: Fingerprint, b: Fingerprint) -> tuple[str | None, float]:
    """("rewrite" | "same_event" | None, containment) for two articles."""
    score, shared = containment(a, b)
    if shared < MIN_SHARED_SHINGLES:
        return None, score
    if score >= REWRITE_CONTAINMENT:
        return "rewrite", score
    if score >= SAME_EVENT_CONTAINMENT:
        return "same_event", score
    return None, score


def quote_similarity(a: str, b: str) -> float:
    """0..100: how closely two quotations' wording matches (one may be a part of the other)."""
    a_norm, b_norm = normalize_text(a), normalize_text(b)
    if min(len(a_norm), len(b_norm)) < 20:
        return 100.0 if a_norm == b_norm else 0.0
    return max(fuzz.partial_ratio(a_norm, b_norm), fuzz.token_set_ratio(a_norm, b_norm))


def same_utterance(a: str, b: str) -> bool:
    return quote_similarity(a, b) >= QUOTE_MATCH_SCORE
