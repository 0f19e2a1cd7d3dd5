"""Finding probable duplicate actors from their names and aliases, as plain data (no database access).

Comparing every actor with every other is quadratic, so actors are first put into blocks that share a
pair of normalised name tokens (or, for one-word names, that word), and only actors in the same block
and of the same kind are scored. Blocks so common that they say little (thousands of "Ivan …") are
skipped rather than compared, which keeps the work bounded on a large table.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from balkanapi.text import normalize_text

_WORD = re.compile(r"\w+")
# Words that do not tell two names apart: generational suffixes, titles and function words.
# fmt: off
_NOISE = frozenset({
    "jr", "jnr", "sr", "snr", "ii", "iii", "iv", "dr", "mr", "mrs", "ms", "prof", "sir",
    "the", "of", "and", "for", "de", "la", "le", "von", "van", "der", "del",
})
# fmt: on
PREFIX = 4  # tokens are blocked by their first letters so inflected and misspelt endings still meet
MAX_NAMES = 8  # names compared per actor (its canonical name first, then aliases)


@dataclass(frozen=True)
class NamedActor:
    """An actor as plain data: its id, kind and every name it goes by (canonical name first)."""

    id: int
    kind: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class DuplicatePair:
    """Two actors that are probably the same, the score (0-100) and the two names that matched best."""

    first_id: int
    second_id: int
    score: float
    first_name: str
    second_name: str


def _tokens(name: str) -> list[str]:
    return [token for token in _WORD.findall(normalize_text(name)) if token not in _NOISE]


def _block_keys(tokens: list[str]) -> set[str]:
    significant = sorted({token[:PREFIX] for token in tokens if len(token) >= 3})
    if len(significant) >= 2:
        return {f"{a}+{b}" for a, b in itertools.combinations(significant[:6], 2)}
    return set(significant) or ({tokens[0][:PREFIX]} if tokens else set())


def name_similarity(first: str, second: str) -> float:
    """How alike two names are, 0-100, ignoring case, accents, script, word order and suffixes like "Jr."

    A multi-word name contained in another ("Ivan Petrov" in "Ivan Petrov Ilyich") counts as a match,
    a single word inside a longer name ("Serbia" in "Government of Serbia") does not.
    """
    a, b = _tokens(first), _tokens(second)
    if not a or not b:
        return 0.0
    score = fuzz.token_sort_ratio(" ".join(a), " ".join(b))
    if min(len(set(a)), len(set(b))) >= 2:
        score = max(score, fuzz.token_set_ratio(" ".join(a), " ".join(b)))
    return float(score)


def find_duplicate_pairs(
    actors: Iterable[NamedActor],
    *,
    min_score: float = 88.0,
    limit: int = 100,
    max_block: int = 200,
) -> list[DuplicatePair]:
    """The `limit` most similar pairs of same-kind actors scoring at least `min_score`, best first.

    Work is bounded by the number of blocks times `max_block` squared; larger blocks are skipped.
    """
    by_id: dict[int, NamedActor] = {}
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for actor in actors:
        names = tuple(dict.fromkeys(name for name in actor.names if name.strip()))[:MAX_NAMES]
        if not names:
            continue
        by_id[actor.id] = NamedActor(actor.id, actor.kind, names)
        keys = set().union(*(_block_keys(_tokens(name)) for name in names))
        for key in keys:
            blocks[(actor.kind, key)].append(actor.id)

    seen: set[tuple[int, int]] = set()
    best: list[tuple[float, int, int, DuplicatePair]] = []  # a bounded min-heap of the top pairs
    for members in blocks.values():
        if len(members) < 2 or len(members) > max_block:
            continue
        for first_id, second_id in itertools.combinations(sorted(members), 2):
            if (first_id, second_id) in seen:
                continue
            seen.add((first_id, second_id))
            pair = _score(by_id[first_id], by_id[second_id])
            if pair.score < min_score:
                continue
            # Ties: the lower ids first, so the order is stable between page loads.
            entry = (pair.score, -first_id, -second_id, pair)
            if len(best) < limit:
                heapq.heappush(best, entry)
            elif entry[:3] > best[0][:3]:
                heapq.heapreplace(best, entry)
    return [entry[3] for entry in sorted(best, key=lambda entry: entry[:3], reverse=True)]


def _score(first: NamedActor, second: NamedActor) -> DuplicatePair:
    score, first_name, second_name = max(
        ((name_similarity(a, b), a, b) for a in first.names for b in second.names),
        key=lambda scored: scored[0],
    )
    return DuplicatePair(first.id, second.id, round(score, 1), first_name, second_name)
