"""Score the pipeline on the development set: real news excerpts annotated by hand (devset/README.md).

The repository keeps only references and annotations; the texts are looked up again into a folder outside
the repository and read from there (`<id>.txt`). Gold records are located in the extracted body by their
word anchors (case-, accent-, script- and white-space-insensitive). Each excerpt is extracted on its own,
with only the curated actors known beforehand (the gazetteer, when given), as a fresh database would see it.

Figures, per language variety and overall:
- direct quotes: recall and precision (spans overlap), speaker accuracy on the gold quotes found;
- reported speech: recall and precision (a predicted clause overlaps the gold content's first words),
  speaker accuracy on the found ones;
- claims: recall (a predicted claim in the sentence), value accuracy (one of them has the gold value),
  claimant accuracy;
- actors: precision (distinct predicted actors that are a gold actor, named so, of its kind, and not a second
  record for one already counted) and recall (gold actors some predicted actor names).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from articles.ingest.actors import ActorIndex, ActorRef, KnownActor
from articles.ingest.errors import IngestError
from articles.ingest.lexicon import load_lexicon
from articles.ingest.pipeline import Extraction, extract
from balkanapi.text import normalize_text

DEVSET_DIR = Path(__file__).resolve().parent / "devset"
FIGURES = (
    ("direct_recall", "direct R"),
    ("direct_precision", "direct P"),
    ("speaker_accuracy", "speaker"),
    ("reported_recall", "reported R"),
    ("reported_precision", "reported P"),
    ("reported_speaker", "rep. speaker"),
    ("claim_recall", "claims R"),
    ("claim_value", "value"),
    ("claimant", "claimant"),
    ("actor_precision", "actors P"),
    ("actor_recall", "actors R"),
)


@dataclass
class Tally:
    """Counts behind the figures of one language variety (or of all)."""

    excerpts: int = 0
    missing_texts: int = 0
    direct_gold: int = 0
    direct_found: int = 0
    direct_predicted: int = 0
    direct_correct: int = 0
    speaker_right: int = 0
    reported_gold: int = 0
    reported_found: int = 0
    reported_predicted: int = 0
    reported_correct: int = 0
    reported_speaker_right: int = 0
    claim_gold: int = 0
    claim_found: int = 0
    claim_value_right: int = 0
    claimant_right: int = 0
    actor_gold: int = 0
    actor_found: int = 0
    actor_predicted: int = 0
    actor_correct: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        self.errors.extend(other.errors)

    @staticmethod
    def _ratio(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    def figures(self) -> dict[str, float | None]:
        r = self._ratio
        return {
            "direct_recall": r(self.direct_found, self.direct_gold),
            "direct_precision": r(self.direct_correct, self.direct_predicted),
            "speaker_accuracy": r(self.speaker_right, self.direct_found),
            "reported_recall": r(self.reported_found, self.reported_gold),
            "reported_precision": r(self.reported_correct, self.reported_predicted),
            "reported_speaker": r(self.reported_speaker_right, self.reported_found),
            "claim_recall": r(self.claim_found, self.claim_gold),
            "claim_value": r(self.claim_value_right, self.claim_found),
            "claimant": r(self.claimant_right, self.claim_found),
            "actor_precision": r(self.actor_correct, self.actor_predicted),
            "actor_recall": r(self.actor_found, self.actor_gold),
        }


@dataclass
class DevsetReport:
    by_variety: dict[str, Tally]

    @property
    def overall(self) -> Tally:
        total = Tally()
        for tally in self.by_variety.values():
            total.add(tally)
        return total

    def table(self) -> str:
        header = "| variety | excerpts | " + " | ".join(label for _key, label in FIGURES) + " |"
        lines = [header, "| --- | ---: | " + " | ".join("---:" for _ in FIGURES) + " |"]
        rows = [*sorted(self.by_variety.items()), ("overall", self.overall)]
        for name, tally in rows:
            figures = tally.figures()
            cells = ["–" if figures[key] is None else f"{figures[key]:.2f}" for key, _label in FIGURES]
            lines.append(f"| {name} | {tally.excerpts} | " + " | ".join(cells) + " |")
        total = self.overall
        lines.append(
            f"\nGold records: {total.direct_gold} direct quotes, {total.reported_gold} reported statements, "
            f"{total.claim_gold} claims, {total.actor_gold} actors; texts missing: {total.missing_texts}."
        )
        return "\n".join(lines)


# -- reading ------------------------------------------------------------------------------------------


def read_annotations(directory: Path = DEVSET_DIR) -> dict[str, list[dict[str, Any]]]:
    """Annotated excerpts by language variety (file stem), in file order."""
    varieties = {}
    for path in sorted(directory.glob("*.yaml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(entries, list):
            raise ValueError(f"{path.name}: expected a list of excerpts")
        varieties[path.stem] = entries
    return varieties


# -- locating anchors ----------------------------------------------------------------------------------


class _Locator:
    """Finds word anchors in a text, ignoring case, accents, script, quotation marks and white space."""

    _SKIP = re.compile(r"[\s\"'“”„«»‘’‚‹›`´]+")

    def __init__(self, text: str):
        self.text = text
        pieces: list[str] = []
        origin: list[int] = []
        for index, ch in enumerate(text):
            if self._SKIP.fullmatch(ch):
                if pieces and pieces[-1] != " ":
                    pieces.append(" ")
                    origin.append(index)
                continue
            for piece in normalize_text(ch):  # "ь" folds to nothing, in the text as in the anchors
                pieces.append(piece)
                origin.append(index)
        self.normalized = "".join(pieces)
        self.origin = origin

    def _needle(self, anchor: str) -> str:
        return " ".join(normalize_text(self._SKIP.sub(" ", anchor)).split())

    def find(self, anchor: str, start: int = 0) -> tuple[int, int] | None:
        """(start, end) of the anchor in the original text, at or after original offset `start`."""
        needle = self._needle(anchor)
        if not needle:
            return None
        from_index = next((i for i, o in enumerate(self.origin) if o >= start), len(self.origin))
        at = self.normalized.find(needle, from_index)
        if at < 0:
            return None
        return self.origin[at], self.origin[at + len(needle) - 1] + 1


# -- matching names --------------------------------------------------------------------------------------


class _Names:
    """Which names denote the same actor: gold names, gazetteer aliases, surnames of people."""

    def __init__(self, known: Iterable[KnownActor]):
        self.forms_by_name: dict[str, set[str]] = {}
        for actor in known:
            forms = {normalize_text(actor.name), *(normalize_text(alias) for alias, _kind in actor.aliases)}
            for form in list(forms):
                self.forms_by_name.setdefault(form, set()).update(forms)

    def forms(self, name: str) -> set[str]:
        norm = normalize_text(name)
        return {norm, *self.forms_by_name.get(norm, set())}

    def same(self, ref: ActorRef | None, gold: str | None, person: bool = True) -> bool:
        if gold is None or ref is None:
            return gold is None and ref is None
        gold_forms = self.forms(gold)
        predicted = self.forms(ref.name) | {normalize_text(form) for form in ref.surface_forms}
        if gold_forms & predicted:
            return True
        if person and ref.kind == "person":
            surnames = {form.split()[-1] for form in gold_forms if " " in form}
            return normalize_text(ref.name).split()[-1:] and normalize_text(ref.name).split()[-1] in surnames
        return False


def _number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


# -- scoring one excerpt ------------------------------------------------------------------------------------


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _match_gold(gold, predicted, names: _Names, body: str, label: str, tally: Tally) -> tuple[int, int]:
    """(gold records some prediction overlaps, of those with the right speaker); misses noted in the tally."""
    found = right = 0
    for span, speaker in gold:
        match = next((q for q in predicted if span and _overlaps((q.start, q.end), span)), None)
        if match is None:
            tally.errors.append(f"{label} missed {body[span[0] : span[0] + 40]!r}" if span else f"{label} not in body")
            continue
        found += 1
        if names.same(match.speaker, speaker):
            right += 1
        else:
            predicted_name = match.speaker.name if match.speaker else None
            tally.errors.append(
                f"{label} speaker of {body[span[0] : span[0] + 30]!r}: {predicted_name!r} != {speaker!r}"
            )
    return found, right


def score_excerpt(entry: dict[str, Any], extraction: Extraction, names: _Names) -> Tally:
    """Compare one extraction with one excerpt's annotations."""
    tally = Tally(excerpts=1)
    body = extraction.body
    locate = _Locator(body)
    ident = entry.get("id", "?")

    direct = [q for q in extraction.quotes if q.direct]
    reported = [q for q in extraction.quotes if not q.direct]

    gold_direct: list[tuple[tuple[int, int] | None, str | None]] = []
    for gold in entry.get("direct_quotes") or []:
        first = locate.find(str(gold.get("first", "")))
        last = locate.find(str(gold.get("last", "")), first[0]) if first else None
        span = (first[0], last[1]) if first and last else first
        gold_direct.append((span, gold.get("speaker")))
    tally.direct_gold = len(gold_direct)
    tally.direct_found, tally.speaker_right = _match_gold(gold_direct, direct, names, body, f"{ident}: direct", tally)
    located = [span for span, _speaker in gold_direct if span]
    tally.direct_predicted = len(direct)
    for quote in direct:
        if any(_overlaps((quote.start, quote.end), span) for span in located):
            tally.direct_correct += 1
        else:
            tally.errors.append(f"{ident}: extra direct {quote.text[:40]!r}")

    gold_reported = [
        (locate.find(str(gold.get("first", ""))), gold.get("speaker")) for gold in entry.get("reported") or []
    ]
    tally.reported_gold = len(gold_reported)
    tally.reported_found, tally.reported_speaker_right = _match_gold(
        gold_reported, reported, names, body, f"{ident}: reported", tally
    )
    reported_spans = [span for span, _speaker in gold_reported if span]
    tally.reported_predicted = len(reported)
    for quote in reported:
        if any(_overlaps((quote.start, quote.end), span) for span in reported_spans):
            tally.reported_correct += 1
        elif not any(_overlaps((quote.start, quote.end), span) for span in located):
            tally.errors.append(f"{ident}: extra reported {quote.text[:40]!r}")
        else:
            tally.reported_predicted -= 1  # a reported clause wrapping a gold direct quote is neither

    claims = entry.get("claims") or []
    tally.claim_gold = len(claims)
    for gold in claims:
        where = locate.find(str(gold.get("first", "")))
        here = [c for c in extraction.claims if where and c.start <= where[0] < c.end and c.value is not None]
        if not here:
            tally.errors.append(f"{ident}: missed claim {gold.get('number')!r}")
            continue
        tally.claim_found += 1
        value = _number(gold.get("value"))
        chosen = next((c for c in here if value is not None and c.value == value), None)
        if chosen is not None:
            tally.claim_value_right += 1
        else:
            tally.errors.append(f"{ident}: claim value {[str(c.value) for c in here]} != {gold.get('value')}")
        chosen = chosen or here[0]
        if names.same(chosen.claimant, gold.get("claimant")):
            tally.claimant_right += 1
        else:
            tally.errors.append(
                f"{ident}: claimant of {gold.get('number')!r}: "
                f"{chosen.claimant.name if chosen.claimant else None!r} != {gold.get('claimant')!r}"
            )

    gold_actors = entry.get("actors") or []
    tally.actor_gold = len(gold_actors)
    predicted: list[ActorRef] = []
    for mention in extraction.mentions:
        if mention.ref not in predicted:
            predicted.append(mention.ref)
    tally.actor_predicted = len(predicted)
    claimed: set[int] = set()
    for ref in predicted:
        index = next(
            (i for i, gold in enumerate(gold_actors) if names.same(ref, gold.get("name"), person=True)),
            None,
        )
        if index is None:
            tally.errors.append(f"{ident}: junk actor {ref.name!r} ({ref.kind})")
            continue
        if index in claimed:
            tally.errors.append(f"{ident}: duplicate actor {ref.name!r}")
            continue
        claimed.add(index)
        if ref.kind == gold_actors[index].get("kind"):
            tally.actor_correct += 1
        else:
            tally.errors.append(f"{ident}: kind of {ref.name!r}: {ref.kind} != {gold_actors[index].get('kind')}")
    tally.actor_found = len(claimed)
    for position, gold in enumerate(gold_actors):
        if position not in claimed:
            tally.errors.append(f"{ident}: missed actor {gold.get('name')!r} ({gold.get('kind')})")
    tally.errors = [error for error in tally.errors if error]
    return tally


def evaluate_devset(
    texts_dir: Path,
    annotations_dir: Path = DEVSET_DIR,
    known: Iterable[KnownActor] = (),
    places: Iterable[str] = (),
) -> DevsetReport:
    """Extract every excerpt whose text is in `texts_dir` and score it against its annotations."""
    known = list(known)
    places = list(places)
    names = _Names(known)
    lexicon = load_lexicon()
    report = DevsetReport({})
    for variety, entries in read_annotations(annotations_dir).items():
        tally = Tally()
        for entry in entries:
            path = Path(texts_dir) / f"{entry['id']}.txt"
            if not path.exists():
                tally.missing_texts += 1
                continue
            index = _index(known, places, lexicon)
            try:
                extraction = extract(path.read_text(encoding="utf-8"), index)
            except IngestError as error:
                tally.excerpts += 1
                tally.direct_gold += len(entry.get("direct_quotes") or [])
                tally.reported_gold += len(entry.get("reported") or [])
                tally.claim_gold += len(entry.get("claims") or [])
                tally.actor_gold += len(entry.get("actors") or [])
                tally.errors.append(f"{entry['id']}: refused: {error}")
                continue
            tally.add(score_excerpt(entry, extraction, names))
        report.by_variety[variety] = tally
    return report


def gazetteer_actors() -> tuple[list[KnownActor], list[str]]:
    """The bundled gazetteer as the pipeline sees curated actors once `make run` has loaded it, and its places."""
    from actors.gazetteer import load_gazetteer_entries, load_places, place_names

    known = [
        KnownActor(
            number, entry.name, entry.kind, tuple((alias.name, alias.kind) for alias in entry.aliases),
            entry.country, entry.gender,
        )
        for number, entry in enumerate(load_gazetteer_entries(), start=1)
    ]  # fmt: skip
    return known, sorted(place_names(load_places()))


def _index(known: list[KnownActor], places: list[str], lexicon) -> ActorIndex:
    """A fresh index per excerpt: only curated actors are known, nothing carries over between excerpts."""
    return ActorIndex(known, lexicon, places=places)
