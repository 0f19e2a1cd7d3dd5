from articles.ingest.similarity import Fingerprint, fingerprint, same_story_kind, same_utterance

STORY = (
    "The foreign ministers of the two countries met in Ohrid on Tuesday to discuss the stalled border "
    "commission, the opening of two new crossings and the return of cultural heritage, officials said. "
    "The meeting lasted four hours and ended with a joint statement promising another round in spring. "
) * 3
REWRITE = (
    "Foreign ministers met in Ohrid on Tuesday. They discussed the stalled border commission, the opening of "
    "two new crossings and the return of cultural heritage, officials said, and promised another round in spring. "
    "The meeting lasted four hours and ended with a joint statement. Analysts welcomed it as a modest step."
)
UNRELATED = (
    "Energy prices rose sharply across the region this winter as gas supplies tightened, and governments "
    "announced subsidies for households while industry warned of closures if costs kept climbing."
)


def test_rewrite_is_linked_and_unrelated_story_is_not():
    assert same_story_kind(fingerprint(STORY), fingerprint(REWRITE))[0] in {"rewrite", "same_event"}
    assert same_story_kind(fingerprint(STORY), fingerprint(UNRELATED))[0] is None


def test_fingerprint_round_trips_through_json():
    print_ = fingerprint(STORY)
    assert Fingerprint.from_json(print_.as_json()) == print_
    assert Fingerprint.from_json(None) is None


def test_same_utterance_tolerates_rewording_but_not_other_remarks():
    assert same_utterance(
        "We have more opportunities to communicate with the US than with the EU about the Balkans.",
        "We have more opportunities to communicate with the United States on the Balkans than with the EU.",
    )
    assert not same_utterance(
        "We have more opportunities to communicate with the US than with the EU about the Balkans.",
        "They should think twice before doing anything against us.",
    )
