"""The bundled gazetteer: the files validate, loading is idempotent and never overwrites a curator's edits."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from actors import gazetteer
from actors.gazetteer import (
    GazetteerAlias,
    GazetteerEntry,
    GazetteerError,
    alias_conflicts,
    demonym_index,
    load_gazetteer_entries,
    load_places,
    place_names,
)
from actors.models import Actor, ActorAlias
from actors.services import load_gazetteer
from balkanapi.models import ReviewStatus
from balkanapi.text import normalize_text
from tests.factories import ActorFactory, AliasFactory

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


@pytest.fixture(scope="module")
def bundled():
    return load_gazetteer_entries()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the bundled files ---------------------------------------------------------------------------------------


def test_bundled_files_validate_and_are_large_enough(bundled):
    assert len(bundled) >= 230
    kinds = {entry.kind for entry in bundled}
    assert {"country", "international_organisation", "government", "party", "media"} <= kinds


def test_every_bundled_entry_has_a_latin_name_and_a_cyrillic_form(bundled):
    for entry in bundled:
        assert LATIN.search(entry.name) and not CYRILLIC.search(entry.name), entry.name
        assert any(CYRILLIC.search(name) for name in entry.names()), f"{entry.name} has no Cyrillic form"


def test_regional_entries_have_serbian_cyrillic_and_countries_every_script(bundled):
    for entry in bundled:
        if entry.kind == "country":
            langs = {alias.lang for alias in entry.aliases}
            assert {"sr-Latn", "sr-Cyrl", "ru"} <= langs, entry.name
            assert entry.demonyms or entry.role.startswith("Entity") or "kind country" in entry.role, entry.name


def test_no_form_is_claimed_by_two_entries_unless_marked_shared(bundled):
    assert alias_conflicts(bundled) == []


def test_kinds_match_the_models():
    assert set(Actor.Kind.values) == gazetteer.ENTRY_KINDS
    assert set(ActorAlias.Kind.values) == gazetteer.ALIAS_KINDS
    assert set(Actor.Gender.values) == gazetteer.GENDERS


def test_countries_carry_capitals_as_metonyms_and_inflected_demonyms(bundled):
    serbia = next(entry for entry in bundled if entry.name == "Serbia")
    metonyms = {alias.name for alias in serbia.aliases if alias.kind == "metonym"}
    assert {"Belgrade", "Beograd", "Београд"} <= metonyms
    demonyms = demonym_index(bundled)
    for form in ("srpskog", "српског", "Serbian", "serbe", "сербского"):
        assert demonyms[normalize_text(form)] == "RS"


def test_places_are_a_separate_list_and_never_actors(bundled):
    places = load_places()
    assert len(places) >= 50
    names = {normalize_text(name) for name in place_names(places)}
    assert {normalize_text("Western Balkans"), normalize_text("Severna Mitrovica"), normalize_text("Донбасс")} <= names
    assert not {entry.name for entry in bundled} & {place.name for place in places}


def test_people_file_is_read_when_present_and_places_file_never(tmp_path):
    write(tmp_path, "places.yaml", "- {name: Somewhere, kind: place}\n")
    assert load_gazetteer_entries(tmp_path) == []  # no people.yaml yet: fine
    write(tmp_path, "people.yaml", "- {name: Ana Testić, kind: person, country: RS, gender: f}\n")
    (entry,) = load_gazetteer_entries(tmp_path)
    assert (entry.name, entry.gender, entry.source) == ("Ana Testić", "f", "people.yaml")


# -- clear errors for invalid files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [
        ("- {name: Foo, kind: contry}\n", "unknown kind 'contry'"),
        ("- {name: Foo, kind: country, country: ZZ}\n", "unknown country code 'ZZ'"),
        ("- {name: Foo, kind: party, gender: m}\n", "only people have a gender"),
        ("- {name: Foo, kind: person, gender: x}\n", "gender must be 'm' or 'f'"),
        ("- {kind: party}\n", "'name' is required"),
        ("- {name: Foo, kind: party, colour: red}\n", "unknown key(s) colour"),
        ("- {name: Foo, kind: party, aliases: [{name: F, kind: nick}]}\n", "unknown alias kind 'nick'"),
        ("- {name: Foo, kind: party, aliases: [{name: F, lang: de}]}\n", "unknown language 'de'"),
        ("- {name: Foo, kind: party, aliases: [{name: F}, {name: F}]}\n", "listed twice"),
        ("- {name: Foo, kind: party, demonyms: [fooish]}\n", "only countries have demonyms"),
        ("- {name: Foo, kind: party}\n- {name: FOO, kind: party}\n", "already in extra.yaml"),
        ("name: Foo\n", "must be a YAML list"),
        ("- [unclosed\n", "is not valid YAML"),
    ],
)
def test_invalid_files_give_clear_errors(tmp_path, text, message):
    path = write(tmp_path, "extra.yaml", text)
    with pytest.raises(GazetteerError) as error:
        load_gazetteer_entries(None, extra_files=[path])
    assert message in str(error.value)
    assert "extra.yaml" in str(error.value)


def test_a_user_file_may_not_redefine_a_bundled_entry(tmp_path):
    path = write(tmp_path, "mine.yaml", "- {name: Serbia, kind: country, country: RS}\n")
    with pytest.raises(GazetteerError, match=r"already in countries\.yaml"):
        load_gazetteer_entries(extra_files=[path])


def test_places_must_say_kind_place(tmp_path):
    path = write(tmp_path, "places.yaml", "- {name: Somewhere, kind: country}\n")
    with pytest.raises(GazetteerError, match="kind must be 'place'"):
        load_places(path)


def test_shared_forms_are_not_conflicts():
    shared = GazetteerAlias("Capital", "metonym", shared=True)
    entries = [GazetteerEntry("A", "country", aliases=(shared,)), GazetteerEntry("B", "government", aliases=(shared,))]
    assert alias_conflicts(entries) == []
    unmarked = GazetteerEntry("C", "party", aliases=(GazetteerAlias("Capital"),))
    assert alias_conflicts([*entries, unmarked]) == ["'capital' is claimed by A (), B (), C ()"]


# -- loading into the database -----------------------------------------------------------------------------

ENTRIES = [
    GazetteerEntry(
        "Ana Testić",
        "person",
        "RS",
        "f",
        "Invented minister",
        aliases=(GazetteerAlias("Ана Тестић", lang="sr-Cyrl"), GazetteerAlias("Testić", "short")),
    ),
    GazetteerEntry(
        "Testland",
        "country",
        "RS",
        aliases=(
            GazetteerAlias("Testlandija", lang="sr-Latn"),
            GazetteerAlias("Тестландија", lang="sr-Cyrl"),
            GazetteerAlias("Тестландија", lang="mk"),  # one alias per spelling: the first language wins
            GazetteerAlias("Testgrad", "metonym"),
        ),
    ),
]


@pytest.mark.django_db
def test_load_creates_curated_verified_actors_with_aliases_and_is_idempotent():
    first = load_gazetteer(entries=ENTRIES)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    ana = Actor.objects.get(name="Ana Testić")
    assert (ana.kind, ana.country, ana.gender, ana.description) == ("person", "RS", "f", "Invented minister")
    assert (ana.origin, ana.review_status) == (Actor.Origin.CURATED, ReviewStatus.VERIFIED)
    assert set(ana.aliases.values_list("name", "kind", "language")) == {
        ("Ана Тестић", "name", "sr-Cyrl"),
        ("Testić", "short", ""),
    }
    land = Actor.objects.get(name="Testland")
    assert land.aliases.get(name="Тестландија").language == "sr-Cyrl"
    counts = (Actor.objects.count(), ActorAlias.objects.count())

    second = load_gazetteer(entries=ENTRIES)
    assert (second.created, second.updated, second.unchanged, second.aliases_added) == (0, 0, 2, 0)
    assert (Actor.objects.count(), ActorAlias.objects.count()) == counts


@pytest.mark.django_db
def test_curator_edits_survive_a_reload():
    load_gazetteer(entries=ENTRIES)
    ana = Actor.objects.get(name="Ana Testić")
    ana.description = "Edited by a curator"
    ana.country = "ME"
    ana.review_status = ReviewStatus.NEEDS_REVIEW
    ana.save()
    ana.aliases.filter(name="Testić").update(kind="variant")

    load_gazetteer(entries=ENTRIES)
    ana.refresh_from_db()
    assert (ana.description, ana.country, ana.review_status) == ("Edited by a curator", "ME", ReviewStatus.NEEDS_REVIEW)
    assert ana.aliases.get(name="Testić").kind == "variant"


@pytest.mark.django_db
def test_renamed_actor_is_still_found_by_its_aliases():
    load_gazetteer(entries=ENTRIES)
    Actor.objects.filter(name="Ana Testić").update(name="Ana Testić-Novak", name_normalized="ana testic-novak")
    report = load_gazetteer(entries=ENTRIES)
    assert report.created == 0
    assert Actor.objects.filter(kind="person").count() == 1


@pytest.mark.django_db
def test_aliases_merge_into_an_existing_actor_of_the_same_name():
    existing = ActorFactory(name="testland", kind="country", country="", description="Made by hand", gender="")
    AliasFactory(actor=existing, name="Testgrad", kind="name")
    report = load_gazetteer(entries=ENTRIES)
    assert (report.created, report.updated) == (1, 1)
    existing.refresh_from_db()
    assert (existing.name, existing.country, existing.description) == ("testland", "", "Made by hand")
    names = dict(existing.aliases.values_list("name", "kind"))
    assert names["Testgrad"] == "name"  # kept as the curator made it
    assert {"Testlandija", "Тестландија"} <= set(names)


@pytest.mark.django_db
def test_an_actor_whose_alias_is_the_entry_name_gains_the_rest_and_a_missing_gender():
    existing = ActorFactory(name="A. Testić", kind="person", gender="")
    AliasFactory(actor=existing, name="Ana Testić")
    report = load_gazetteer(entries=ENTRIES[:1])
    assert (report.created, report.updated, report.aliases_added) == (0, 1, 2)
    existing.refresh_from_db()
    assert existing.gender == "f"


@pytest.mark.django_db
def test_a_short_form_or_metonym_never_matches_another_actor():
    other = ActorFactory(name="Testgrad", kind="country")
    load_gazetteer(entries=ENTRIES)
    assert Actor.objects.filter(name="Testland").exists()
    assert not other.aliases.exists()


@pytest.mark.django_db
def test_an_actor_of_another_kind_is_not_matched():
    ActorFactory(name="Testland", kind="party")
    report = load_gazetteer(entries=ENTRIES)
    assert report.created == 2
    assert Actor.objects.filter(name="Testland").count() == 2
    assert len({actor.slug for actor in Actor.objects.filter(name="Testland")}) == 2


@pytest.mark.django_db
def test_the_whole_bundled_gazetteer_loads_twice_without_duplicates(bundled):
    first = load_gazetteer(entries=bundled)
    assert first.created == len(bundled)
    assert Actor.objects.get(name="Serbia").aliases.filter(name="Beograd", kind="metonym").exists()
    second = load_gazetteer(entries=bundled)
    assert (second.created, second.updated) == (0, 0)


# -- the command -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_loads_user_files_alone_or_with_the_bundled_ones(tmp_path):
    path = write(
        tmp_path,
        "mine.yaml",
        "- name: Ana Testić\n  kind: person\n  country: RS\n  gender: f\n"
        "  aliases:\n    - {name: Ана Тестић, lang: sr-Cyrl}\n",
    )
    out = StringIO()
    call_command("load_gazetteer", "--only-files", "--file", str(path), stdout=out)
    assert "1 actors created" in out.getvalue()
    assert Actor.objects.count() == 1

    out = StringIO()
    call_command("load_gazetteer", "--file", str(path), stdout=out)
    assert f"{len(load_gazetteer_entries())} actors created" in out.getvalue()
    assert "0 updated" in out.getvalue() and "1 unchanged" in out.getvalue()


@pytest.mark.django_db
def test_command_reports_an_invalid_file_and_writes_nothing(tmp_path):
    path = write(tmp_path, "bad.yaml", "- {name: Foo, kind: contry}\n")
    with pytest.raises(CommandError, match=r"bad\.yaml, entry 1 \(Foo\): unknown kind"):
        call_command("load_gazetteer", "--file", str(path))
    assert not Actor.objects.exists()
