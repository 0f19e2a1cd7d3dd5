from articles.ingest.actors import ActorIndex, KnownActor, find_mentions
from articles.ingest.quotes import extract_quotes, find_direct_spans

KNOWN = [
    KnownActor(1, "Jane Doe", "person"),
    KnownActor(2, "John Roe", "person"),
    KnownActor(3, "NATO", "international_organisation"),
    KnownActor(4, "European Union", "international_organisation", (("EU", "abbreviation"),)),
    KnownActor(5, "Marko Marković", "person"),
    KnownActor(6, "Ivan Petrov", "person", (("Иван Петров", "native"),)),
]


def quotes_of(body, known=KNOWN):
    index = ActorIndex(known)
    return extract_quotes(body, find_mentions(body, index))


def direct(body, known=KNOWN):
    return [(q.text, q.speaker.name if q.speaker else None) for q in quotes_of(body, known) if q.direct]


def test_quotation_marks_of_the_region():
    body = 'He said “one”, then „two“, «three», ‘four’ and "five". Russia’s stance is clear.'
    spans = [body[a:b] for a, b in find_direct_spans(body)]
    assert spans == ["one", "two", "three", "four", "five"]


def test_english_attributions_before_and_after():
    body = (
        "“We are ready to talk,” Jane Doe said on Monday.\n\n"
        "“The alliance is strong,” said John Roe, a NATO official.\n\n"
        "Jane Doe told reporters: “Nothing has changed.”"
    )
    assert direct(body) == [
        ("We are ready to talk", "Jane Doe"),
        ("The alliance is strong", "John Roe"),
        ("Nothing has changed.", "Jane Doe"),
    ]


def test_split_quotation_pronoun_and_confidence():
    body = (
        "John Roe arrived late. “We believe the deal holds,” he said. “It is entirely possible that it "
        "will be extended.”"
    )
    found = [q for q in quotes_of(body) if q.direct]
    assert [(q.text, q.speaker.name) for q in found] == [
        ("We believe the deal holds", "John Roe"),
        ("It is entirely possible that it will be extended.", "John Roe"),
    ]
    assert all(0 < q.confidence <= 1 for q in found)
    assert found[0].confidence > found[1].confidence


def test_unnamed_spokesperson_resolves_to_the_organisation():
    body = (
        "The European Union did not comment at first. “The EU is fully engaged in the region,” a spokesperson "
        "for the bloc told the newspaper."
    )
    found = [q for q in quotes_of(body) if q.direct]
    assert found[0].speaker.name == "European Union"
    assert found[0].speaker_text == "a spokesperson for the bloc"


def test_albanian_serbian_and_russian_cues():
    assert direct("“Kosova duhet të jetë e gatshme për dialog”, thotë Jane Doe.") == [
        ("Kosova duhet të jetë e gatshme për dialog", "Jane Doe")
    ]
    assert direct("„Srbija neće priznati nezavisnost”, rekao je Marko Marković.") == [
        ("Srbija neće priznati nezavisnost", "Marko Marković")
    ]
    assert direct("«Мы готовы к диалогу», — заявил Иван Петров.") == [("Мы готовы к диалогу", "Ivan Petrov")]


def test_source_intro_and_pronoun_in_albanian():
    body = "Jane Doe foli për rajonin. Sipas saj, Kosova duhet të jetë gati “për të ndezur trazira të reja”."
    assert direct(body) == [("për të ndezur trazira të reja", "Jane Doe")]


def test_reported_speech_with_cues():
    body = (
        "Jane Doe said that the talks would resume in March after a long pause. "
        "The border will stay open, according to John Roe."
    )
    reported = [(q.text, q.speaker.name) for q in quotes_of(body) if not q.direct]
    assert ("the talks would resume in March after a long pause", "Jane Doe") in reported
    assert ("The border will stay open", "John Roe") in reported


def test_a_verb_that_only_frames_a_direct_quotation_is_not_reported_speech_too():
    body = 'Jane Doe, the opposition leader, told reporters: "This deal gives away too much and will fail."'
    quotes = quotes_of(body)
    assert [(q.text, q.direct) for q in quotes] == [("This deal gives away too much and will fail.", True)]
    # A clause that says something of its own around the quotation is still reported speech.
    body = 'John Roe said the border would stay closed until spring, calling it "a necessary pause".'
    assert any(not q.direct and q.text.startswith("the border would stay closed") for q in quotes_of(body))


def test_quoted_names_are_not_quotations_and_unattributed_stays_unattributed():
    body = "The exercise, labelled “Slavic Brotherhood”, was criticised. It was “a show of force”, critics wrote."
    found = direct(body, known=[])
    assert ("Slavic Brotherhood", None) not in found
    assert found == [("a show of force", None)]


def test_about_lists_actors_in_the_quotation():
    quote = next(q for q in quotes_of("“NATO must listen to the EU,” Jane Doe said.") if q.direct)
    assert [ref.name for ref in quote.about] == ["NATO", "European Union"]
