"""Bulk import/export of actors with their aliases in the admin."""

import csv
import io

import pytest
from django.urls import reverse

from actors.models import Actor, ActorAlias
from actors.resources import ActorResource
from changes.models import ChangeEvent
from tests.factories import ActorFactory, AliasFactory
from tests.utils import admin_export, admin_import, admin_import_dry_run

pytestmark = pytest.mark.django_db

HEADER = "slug,name,kind,country,wikidata_id,description,aliases\n"


def rows_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def actor():
    actor = ActorFactory(name="Ivan Petrov", slug="ivan-petrov", country="RS", wikidata_id="Q123", description="")
    AliasFactory(actor=actor, name="I. Petrov", kind=ActorAlias.Kind.SHORT)
    AliasFactory(actor=actor, name="Иван Петров", kind=ActorAlias.Kind.NATIVE, language="sr")
    ActorFactory(name="Ana Novak", slug="ana-novak", country="", wikidata_id=None)
    return actor


def test_export_has_aliases_in_one_column(admin_client, actor):
    changelist = admin_client.get(reverse("admin:actors_actor_changelist")).content.decode()
    assert 'class="import_link">Import</a>' in changelist and "Probable duplicates" in changelist
    rows = rows_of(admin_export(admin_client, Actor, ActorResource))
    assert rows == [
        {
            "slug": "ana-novak",
            "name": "Ana Novak",
            "kind": "person",
            "country": "",
            "wikidata_id": "",
            "description": "",
            "aliases": "",
        },
        {
            "slug": "ivan-petrov",
            "name": "Ivan Petrov",
            "kind": "person",
            "country": "RS",
            "wikidata_id": "Q123",
            "description": "",
            "aliases": "I. Petrov | Иван Петров",
        },
    ]


def test_round_trip_changes_nothing_and_creates_no_duplicates(admin_client, actor):
    exported = admin_export(admin_client, Actor, ActorResource).content
    before = (Actor.objects.count(), ActorAlias.objects.count(), ChangeEvent.objects.count(), Actor.history.count())
    preview = admin_import_dry_run(admin_client, Actor, exported)
    assert [row.import_type for row in preview.context["result"].rows] == ["skip", "skip"]
    admin_import(admin_client, Actor, exported)
    after = (Actor.objects.count(), ActorAlias.objects.count(), ChangeEvent.objects.count(), Actor.history.count())
    assert after == before
    assert Actor.objects.get(slug="ana-novak").wikidata_id is None  # blank stays NULL: no unique clash


def test_import_replaces_aliases_keeping_kinds_of_those_kept(admin_client, actor):
    content = (
        HEADER
        + "ivan-petrov,Ivan Petrov,person,RS,Q123,,Иван Петров | Ivan Petrov Jr. | Ivan Petrov Jr.\n"
        + "jovana-ilic,Jovana Ilić,person,ME,,Mayor.,J. Ilić|Јована Илић\n"
    ).encode()
    preview = admin_import_dry_run(admin_client, Actor, content)
    assert [row.import_type for row in preview.context["result"].rows] == ["update", "new"]
    assert not Actor.objects.filter(slug="jovana-ilic").exists()
    assert set(actor.aliases.values_list("name", flat=True)) == {"I. Petrov", "Иван Петров"}

    admin_import(admin_client, Actor, content, name="actors.csv")
    aliases = {alias.name: alias for alias in actor.aliases.all()}
    assert set(aliases) == {"Иван Петров", "Ivan Petrov Jr."}
    assert (aliases["Иван Петров"].kind, aliases["Иван Петров"].language) == ("native", "sr")
    new = Actor.objects.get(slug="jovana-ilic")
    assert sorted(new.aliases.values_list("name", flat=True)) == ["J. Ilić", "Јована Илић"]
    assert new.name_normalized == "jovana ilic"
    # History for the actor (with the file and the user) and for each alias added or removed.
    assert actor.history.first().history_change_reason == "Imported from actors.csv"
    assert actor.history.first().history_user.username == "admin"
    removed = ActorAlias.history.get(name="I. Petrov", history_type="-")
    assert removed.history_change_reason == "Imported from actors.csv"
    assert ChangeEvent.objects.filter(resource="actors", object_id=actor.pk, action="update").exists()
    assert ChangeEvent.objects.filter(resource="actors", object_id=new.pk, action="create").exists()


def test_file_without_aliases_column_leaves_aliases_alone(admin_client, actor):
    admin_import(admin_client, Actor, b"slug,name,kind\nivan-petrov,Ivan Petrov,organisation\n")
    actor.refresh_from_db()
    assert actor.kind == "organisation"
    assert actor.aliases.count() == 2


def test_dry_run_row_errors_write_nothing(admin_client, actor):
    start = ChangeEvent.objects.count()
    content = (
        HEADER
        + "good-one,Good One,person,RS,,,\n"
        + "bad-wikidata,Bad Wikidata,person,RS,12345,,\n"
        + "bad-country,Bad Country,person,ZZ,,,\n"
        + "formula-alias,Formula Alias,person,RS,,,Fine | @SUM(A1:A9)\n"
        + "taken-wikidata,Taken,person,RS,Q123,,\n"
        + "123,Digits Only,person,RS,,,\n"
    ).encode()
    response = admin_import_dry_run(admin_client, Actor, content)
    invalid = {row.number: row.error_dict for row in response.context["result"].invalid_rows}
    assert set(invalid) == {2, 3, 4, 5, 6}
    assert "wikidata_id" in invalid[2] and "country" in invalid[3]
    assert "may not start with" in invalid[4]["aliases"][0]
    assert "wikidata_id" in invalid[5] and "slug" in invalid[6]
    assert response.context.get("confirm_form") is None
    assert not Actor.objects.filter(slug="good-one").exists()
    assert ChangeEvent.objects.count() == start


def test_reimporting_a_merged_actor_is_a_row_error(admin_client, actor):
    from actors.services import merge_actors

    old_export = admin_export(admin_client, Actor, ActorResource).content
    merge_actors(actor, Actor.objects.get(slug="ana-novak"))
    response = admin_import_dry_run(admin_client, Actor, old_export)
    [invalid] = response.context["result"].invalid_rows
    assert invalid.error_dict["slug"] == ["This actor was merged into Ivan Petrov; use the slug 'ivan-petrov'."]
    assert not Actor.objects.filter(slug="ana-novak").exists()


def test_control_characters_and_export_quotes_in_names_and_aliases(admin_client):
    content = (
        HEADER
        + '"ivo-horvat","Ivo\x00 Horvat\x1b","person","HR","","Said:\r\n\'=1+1\x07","I.\x08 Horvat | \u202eHorvat"\n'
    ).encode()
    admin_import(admin_client, Actor, content)
    actor = Actor.objects.get(slug="ivo-horvat")
    assert actor.name == "Ivo Horvat"
    assert actor.description == "Said:\n'=1+1"  # a quote inside the text is not our export's quote
    assert sorted(actor.aliases.values_list("name", flat=True)) == ["Horvat", "I. Horvat"]
    Actor.objects.filter(pk=actor.pk).update(description="=1+1")
    [row] = rows_of(admin_export(admin_client, Actor, ActorResource))
    assert row["description"] == "'=1+1"
