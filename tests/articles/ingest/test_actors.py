from articles.ingest.actors import ActorIndex, KnownActor, find_mentions, guess_kind

KNOWN = [
    KnownActor(1, "Aleksandar Vučić", "person", (("Vučić", "short"), ("Вучић", "native"))),
    KnownActor(2, "Russia", "country", (("Moscow", "metonym"), ("the Kremlin", "metonym"), ("Rusia", "variant"))),
    KnownActor(3, "Ana Brnabić", "person"),
    KnownActor(4, "European Union", "international_organisation", (("EU", "abbreviation"),)),
]


def mentions(text, known=KNOWN):
    index = ActorIndex(known)
    return [(m.text, m.ref.name, m.via) for m in find_mentions(text, index)], index


def test_aliases_match_ignoring_accents_case_and_script():
    found, _ = mentions("Vucic met EU envoys; VUČIĆ later spoke. Вучић је рекао да ће се састати са њима.")
    assert [(text, name) for text, name, _ in found] == [
        ("Vucic", "Aleksandar Vučić"),
        ("EU", "European Union"),
        ("VUČIĆ", "Aleksandar Vučić"),
        ("Вучић", "Aleksandar Vučić"),
    ]


def test_metonyms_only_through_the_actors_aliases_and_not_lowercase_words():
    found, _ = mentions("Moscow denied it, and the Kremlin said nothing; eu is not the EU.")
    assert [(text, name) for text, name, _ in found] == [
        ("Moscow", "Russia"),
        ("Kremlin", "Russia"),
        ("EU", "European Union"),
    ]


def test_inflected_and_misspelled_forms():
    found, _ = mentions("Sipas Brnabićit, Rusia ... and later Brnabic and Brnabićc spoke.")
    names = [(text, name, via) for text, name, via in found]
    assert ("Brnabićit", "Ana Brnabić", "surname") in names or ("Brnabićit", "Ana Brnabić", "inflection") in names
    assert ("Rusia", "Russia", "alias") in names
    assert any(text == "Brnabićc" and name == "Ana Brnabić" for text, name, _ in names)


def test_unknown_names_become_candidates_with_titles_stripped_and_surnames_linked():
    text = (
        "Montenegrin Prime Minister Milojko Spajić met the Foundation for Regional Studies on Monday. "
        "Spajić said the talks went well."
    )
    found, index = mentions(text, known=[])
    assert ("Milojko Spajić", "Milojko Spajić", "candidate") in found
    assert ("Spajić", "Milojko Spajić", "surname") in found
    assert ("Foundation for Regional Studies", "Foundation for Regional Studies", "candidate") in found
    kinds = {ref.name: ref.kind for ref in index.refs.values()}
    assert kinds["Milojko Spajić"] == "person"
    assert kinds["Foundation for Regional Studies"] == "organisation"
    assert all(ref.is_new for ref in index.refs.values())


def test_countries_and_coordinated_names():
    found, _ = mentions("Serbia and Montenegro signed it, while Bosnia and Herzegovina abstained.", known=[])
    assert [text for text, _name, _via in found] == ["Serbia", "Montenegro", "Bosnia and Herzegovina"]


def test_guess_kind():
    from articles.ingest.lexicon import load_lexicon

    lexicon = load_lexicon()
    assert guess_kind("North Macedonia", lexicon) == ("country", "MK")
    assert guess_kind("Ministry of Defence", lexicon)[0] == "government"
    assert guess_kind("Social Democratic Party", lexicon)[0] == "party"
    assert guess_kind("Jane Doe", lexicon)[0] == "person"
