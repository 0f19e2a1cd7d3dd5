"""Compare the pipeline's output with the hand-curated sample dataset.

The pipeline runs as on an empty database: no actor is known beforehand and, as in ingestion, each
article is matched against the known actors only (a fresh fork of the index per article): what one
article proposes is not a link target for the next until a curator confirms it. Nothing is written. A predicted
record matches a curated one when their spans overlap; a speaker is right when the predicted
actor's name is the curated actor's name, one of its aliases, or shares its surname.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from articles.ingest.actors import ActorIndex, ActorRef, KnownActor
from articles.ingest.cleaning import _plain
from articles.ingest.lexicon import load_lexicon
from articles.ingest.pipeline import Extraction, extract
from articles.ingest.similarity import same_story_kind, same_utterance
from articles.sample_dataset import SAMPLE_DATA_DIR, read_dataset
from balkanapi.text import normalize_text


@dataclass
class Score:
    name: str
    true_positives: int = 0
    predicted: int = 0
    expected: int = 0
    found: int = 0  # expected records that some prediction matched
    note: str = ""

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0


@dataclass
class Report:
    scores: list[Score] = field(default_factory=list)
    speaker_accuracy: float = 0.0
    speaker_checked: int = 0
    same_story_found: list[tuple[str, str, str]] = field(default_factory=list)
    same_story_expected: list[tuple[str, str, str]] = field(default_factory=list)
    cross_article_groups: list[list[str]] = field(default_factory=list)

    def table(self) -> str:
        lines = [
            "| records | expected | predicted | precision | recall |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for score in self.scores:
            lines.append(
                f"| {score.name} | {score.expected} | {score.predicted} | {score.precision:.2f} | {score.recall:.2f} |"
            )
        lines.append(
            f"\nSpeaker accuracy on matched direct quotes: {self.speaker_accuracy:.2f} ({self.speaker_checked} quotes)"
        )
        lines.append(f"Same-story links expected: {sorted(self.same_story_expected)}")
        lines.append(f"Same-story links found:    {sorted(self.same_story_found)}")
        lines.append(
            "Quote groups formed across articles: "
            + "; ".join(" + ".join(group) for group in self.cross_article_groups)
            if self.cross_article_groups
            else "none"
        )
        return "\n".join(lines)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _score(name: str, predicted: list[tuple[int, int]], expected: list[tuple[int, int]]) -> Score:
    score = Score(name, predicted=len(predicted), expected=len(expected))
    score.true_positives = sum(1 for p in predicted if any(_overlaps(p, e) for e in expected))
    score.found = sum(1 for e in expected if any(_overlaps(p, e) for p in predicted))
    return score


def _merge(total: Score, part: Score) -> None:
    total.true_positives += part.true_positives
    total.predicted += part.predicted
    total.expected += part.expected
    total.found += part.found


def _names(catalog: dict) -> dict[str, set[str]]:
    names = {}
    for actor in catalog.get("actors") or []:
        forms = {actor["name"], *(alias["name"] for alias in actor.get("aliases") or [])}
        names[actor["slug"]] = {normalize_text(form) for form in forms}
    return names


def _speaker_right(ref: ActorRef | None, expected: str | None, names: dict[str, set[str]]) -> bool:
    if expected is None:
        return ref is None
    if ref is None:
        return False
    predicted = normalize_text(ref.name)
    forms = names.get(expected, set())
    surnames = {form.split()[-1] for form in forms if form}
    return predicted in forms or (predicted.split() or [""])[-1] in surnames


def _boilerplate(raw: str, expected_body: str, predicted_body: str) -> Score:
    """Per raw line: is it boilerplate (absent from the body)? Scored as removal precision/recall."""
    expected_text = normalize_text(expected_body)
    predicted_text = normalize_text(predicted_body)
    score = Score("boilerplate lines removed")
    for line in raw.split("\n"):
        text = normalize_text(_plain(line.strip()))
        if not text:
            continue
        removed_expected = text not in expected_text
        removed_predicted = text not in predicted_text
        score.expected += removed_expected
        score.predicted += removed_predicted
        score.true_positives += removed_expected and removed_predicted
        score.found += removed_expected and removed_predicted
    return score


def evaluate(directory=SAMPLE_DATA_DIR, places: Iterable[str] = (), known_actors: Iterable[KnownActor] = ()) -> Report:
    """Run the pipeline over the curated articles' raw files and score it against the curation.

    `places` are place names the actor stage may treat as known places and `known_actors` the actors known
    beforehand (a gazetteer's, as after `make run`); none by default: an empty database.
    """
    catalog, articles = read_dataset(directory)
    names = _names(catalog)
    known = ActorIndex(known_actors, load_lexicon(), places=places)
    report = Report()
    totals = {key: Score(key) for key in ("direct quotes", "reported speech", "mentions", "claims")}
    boilerplate = Score("boilerplate lines removed")
    body_exact = 0
    right = checked = 0
    extractions: dict[str, Extraction] = {}
    for record in articles:
        extraction = extract(record["raw_text"], known.fork())
        extractions[record["key"]] = extraction
        body_exact += extraction.body == record["body"]
        _merge(boilerplate, _boilerplate(record["raw_text"], record["body"], extraction.body))
        # Spans are compared in each text's own body; when the bodies differ, map through the text.
        offset = _aligner(record["body"], extraction.body)
        gold_quotes = record.get("quotes") or []
        for direct, key in ((True, "direct quotes"), (False, "reported speech")):
            predicted = [q for q in extraction.quotes if q.direct == direct]
            expected = [q for q in gold_quotes if q["direct"] == direct]
            _merge(
                totals[key],
                _score(
                    key,
                    [(offset(q.start), offset(q.end)) for q in predicted],
                    [(q["start"], q["end"]) for q in expected],
                ),
            )
            if direct:
                for gold in expected:
                    match = next(
                        (
                            q
                            for q in predicted
                            if _overlaps((offset(q.start), offset(q.end)), (gold["start"], gold["end"]))
                        ),
                        None,
                    )
                    if match is not None:
                        checked += 1
                        right += _speaker_right(match.speaker, gold.get("speaker"), names)
        _merge(
            totals["mentions"],
            _score(
                "mentions",
                [(offset(m.start), offset(m.end)) for m in extraction.mentions],
                [(m["start"], m["end"]) for m in record.get("mentions") or []],
            ),
        )
        _merge(
            totals["claims"],
            _score(
                "claims",
                [(offset(c.start), offset(c.end)) for c in extraction.claims],
                [(c["start"], c["end"]) for c in record.get("claims") or []],
            ),
        )
    boilerplate.note = f"{body_exact}/{len(articles)} bodies identical to the curated ones"
    report.scores = [*totals.values(), boilerplate]
    report.speaker_checked = checked
    report.speaker_accuracy = right / checked if checked else 0.0
    for record in articles:
        for link in record.get("same_story_as") or []:
            pair = tuple(sorted((record["key"], f"{int(link['article']):03d}")))
            report.same_story_expected.append((*pair, link.get("kind", "")))
    for a, b in itertools.combinations(sorted(extractions), 2):
        kind, _score_value = same_story_kind(extractions[a].fingerprint, extractions[b].fingerprint)
        if kind:
            report.same_story_found.append((a, b, kind))
    report.cross_article_groups = _groups(extractions)
    return report


def _groups(extractions: dict[str, Extraction]) -> list[list[str]]:
    """Direct quotations by the same speaker that the grouping rule joins across articles."""
    groups: list[list[tuple[str, str]]] = []
    for key, extraction in sorted(extractions.items()):
        for quote in extraction.quotes:
            if not quote.direct or quote.speaker is None or len(quote.text) < 20:
                continue
            for group in groups:
                other_key, other_text, other_speaker = group[0][0], group[0][1], group[0][2]
                # The same actor across articles: the same known actor, or a candidate with the same full
                # name (which the service stores as one actor).
                same_speaker = other_speaker.key == quote.speaker.key
                if other_key != key and same_speaker and same_utterance(quote.text, other_text):
                    group.append((key, quote.text, quote.speaker))
                    break
            else:
                groups.append([(key, quote.text, quote.speaker)])
    return [[f"{group[0][2].name} in {key}" for key, _text, _speaker in group] for group in groups if len(group) > 1]


def _aligner(expected_body: str, predicted_body: str):
    """Map predicted-body offsets to curated-body offsets (identity when the bodies are equal)."""
    if expected_body == predicted_body:
        return lambda offset: offset
    import difflib

    matcher = difflib.SequenceMatcher(None, predicted_body, expected_body, autojunk=False)
    blocks = matcher.get_matching_blocks()

    def offset(position: int) -> int:
        for a, b, size in blocks:
            if a <= position <= a + size:
                return b + (position - a)
        return position

    return offset
