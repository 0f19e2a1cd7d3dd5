"""SpanLookup answers exactly what a scan of every span answers, in the caller's order."""

import random

from articles.ingest.sentences import SpanLookup


def _spans(rng: random.Random, count: int) -> list[tuple[int, int]]:
    spans = []
    for _ in range(count):
        start = rng.randrange(0, 500)
        spans.append((start, start + rng.randrange(1, 60)))
    return spans


def test_lookups_equal_the_scans_they_replace():
    rng = random.Random(13)  # noqa: S311 - reproducible test data, not secrets
    for _ in range(50):
        spans = _spans(rng, rng.randrange(0, 40))  # overlapping and nested spans, in no order
        lookup = SpanLookup(spans)
        for _ in range(40):
            start = rng.randrange(0, 560)
            end = start + rng.randrange(0, 80)
            assert lookup.overlapping(start, end) == [i for i, (s, e) in enumerate(spans) if s < end and start < e]
            assert lookup.inside(start, end) == [i for i, (s, e) in enumerate(spans) if start <= s and e <= end]
            assert lookup.contains(start, end) == any(s <= start and end <= e for s, e in spans)


def test_an_empty_lookup_finds_nothing():
    lookup = SpanLookup([])
    assert lookup.overlapping(0, 10) == []
    assert lookup.inside(0, 10) == []
    assert not lookup.contains(0, 10)
