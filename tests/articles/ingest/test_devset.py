"""The development-set scorer, on invented excerpts; and the bundled annotations' own consistency.

The looked-up texts of the real excerpts live outside the repository: nothing here reads them.
"""

from pathlib import Path

import pytest
import yaml

from articles.ingest.actors import KnownActor
from articles.ingest.devset import DEVSET_DIR, _Locator, evaluate_devset, read_annotations

KINDS = {
    "person", "government", "organisation", "international_organisation", "country", "party", "armed_group", "media",
}  # fmt: skip
LANGUAGES = {"en", "sr", "hr", "bs", "cnr", "mk", "sq", "ru"}


def test_anchors_are_found_whatever_the_case_script_marks_and_white_space():
    text = "«Мы готовы»,  — заявил   он.\n\nПолитик подчеркнул: “Это\nважно”."
    locate = _Locator(text)
    assert locate.find("мы готовы") == (1, 10)
    assert text[slice(*locate.find("Politik podcherknul".replace("ch", "c")))] == "Политик подчеркнул"
    assert text[slice(*locate.find("это важно"))] == "Это\nважно"
    assert locate.find("not there") is None
    assert _Locator("Сербия не станет").find("станет") is not None  # a soft sign elsewhere changes nothing
    assert _Locator("вводить санкции").find("вводить санкции") == (0, 15)


def test_every_bundled_annotation_is_well_formed():
    varieties = read_annotations()
    assert sum(len(entries) for entries in varieties.values()) >= 60
    ids = [entry["id"] for entries in varieties.values() for entry in entries]
    assert len(ids) == len(set(ids))
    outlets = {entry["outlet"] for entries in varieties.values() for entry in entries}
    assert len(outlets) >= 30
    for variety, entries in varieties.items():
        assert len(entries) >= 6, variety
        for entry in entries:
            assert entry["language"] in LANGUAGES and entry["script"] in {"Latn", "Cyrl"}
            assert entry["url"].startswith("http") and entry["query"]
            assert all(actor["kind"] in KINDS for actor in entry.get("actors") or []), entry["id"]
            for quote in entry.get("direct_quotes") or []:
                assert quote["first"] and quote["last"], entry["id"]
            for claim in entry.get("claims") or []:
                assert claim["first"] and claim.get("value") is not None, entry["id"]


def test_the_held_out_set_uses_outlets_the_development_set_does_not():
    development = {entry["outlet"] for entries in read_annotations().values() for entry in entries}
    held_out = {entry["outlet"] for entries in read_annotations(DEVSET_DIR / "heldout").values() for entry in entries}
    assert held_out and not development & held_out


@pytest.fixture
def invented(tmp_path: Path):
    texts = tmp_path / "texts"
    annotations = tmp_path / "annotations"
    texts.mkdir()
    annotations.mkdir()
    (texts / "xx-01.txt").write_text(
        "Jane Doe visited the capital on Monday.\n\n"
        "“We will open the border,” Jane Doe said. She said that 40 percent of the trucks would pass.\n\n"
        "The ministry said nothing.",
        encoding="utf-8",
    )
    entry = {
        "id": "xx-01",
        "language": "en",
        "script": "Latn",
        "outlet": "example.org",
        "url": "https://example.org/a",
        "query": "invented",
        "anchors": {"first": "Jane Doe visited", "last": "said nothing"},
        "direct_quotes": [{"first": "We will open", "last": "the border", "speaker": "Jane Doe"}],
        "reported": [{"speaker": "Jane Doe", "cue": "said", "first": "40 percent of the"}],
        "claims": [{"number": "40 percent", "value": 40, "claimant": "Jane Doe", "first": "She said that 40"}],
        "actors": [{"name": "Jane Doe", "kind": "person"}],
    }
    (annotations / "en.yaml").write_text(yaml.safe_dump([entry], allow_unicode=True), encoding="utf-8")
    return texts, annotations


def test_scores_an_excerpt_against_its_annotations(invented):
    texts, annotations = invented
    report = evaluate_devset(texts, annotations, known=[KnownActor(1, "Jane Doe", "person", gender="f")])
    figures = report.by_variety["en"].figures()
    assert figures["direct_recall"] == 1.0 and figures["speaker_accuracy"] == 1.0
    assert figures["reported_recall"] == 1.0 and figures["reported_speaker"] == 1.0
    assert figures["claim_recall"] == 1.0 and figures["claim_value"] == 1.0 and figures["claimant"] == 1.0
    assert figures["actor_precision"] == 1.0 and figures["actor_recall"] == 1.0
    assert "| en | 1 |" in report.table() and "| overall | 1 |" in report.table()


def test_a_missing_text_is_counted_not_scored(invented, tmp_path):
    _texts, annotations = invented
    empty = tmp_path / "none"
    empty.mkdir()
    report = evaluate_devset(empty, annotations)
    assert report.overall.missing_texts == 1 and report.overall.excerpts == 0
