"""Probable duplicate actors: the pure pair finder and the admin page that lists the pairs."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from actors.duplicates import NamedActor, find_duplicate_pairs, name_similarity
from tests.factories import ActorFactory, AliasFactory

DUPLICATES = reverse("admin:actors_actor_duplicates")


def ids(pairs):
    return {(pair.first_id, pair.second_id) for pair in pairs}


def test_finds_suffix_script_accent_and_alias_variants():
    actors = [
        NamedActor(1, "person", ("Ivan Petrov",)),
        NamedActor(2, "person", ("Ivan Petrov Jr.",)),
        NamedActor(3, "person", ("Иван Петров",)),
        NamedActor(4, "person", ("Ana Kovač", "Ana Kovačević")),
        NamedActor(5, "person", ("Ana Kovacevic",)),
        NamedActor(6, "person", ("Petar Ivanov",)),  # same words reversed and inflected: another person
        NamedActor(7, "person", ("Milan Jovanović",)),
        NamedActor(8, "person", ("Marko Jovanović",)),
        NamedActor(9, "country", ("Serbia",)),
        NamedActor(10, "government", ("Government of Serbia",)),
    ]
    pairs = find_duplicate_pairs(actors)
    assert ids(pairs) == {(1, 2), (1, 3), (2, 3), (4, 5)}
    best = {(pair.first_id, pair.second_id): pair for pair in pairs}
    assert best[(4, 5)].first_name == "Ana Kovačević" and best[(4, 5)].score == 100.0
    assert all(pair.score >= 88 for pair in pairs)


def test_only_same_kind_and_limits_and_order():
    actors = [
        NamedActor(1, "person", ("Ivan Petrov",)),
        NamedActor(2, "organisation", ("Ivan Petrov",)),
        NamedActor(3, "person", ("Ivan Petrovic",)),
        NamedActor(4, "person", ("Ivan Petrov",)),
    ]
    pairs = find_duplicate_pairs(actors)
    assert [(p.first_id, p.second_id) for p in pairs] == [(1, 4), (1, 3), (3, 4)]  # best first, then by id
    assert [(p.first_id, p.second_id) for p in find_duplicate_pairs(actors, limit=1)] == [(1, 4)]
    assert find_duplicate_pairs(actors, min_score=100, limit=10)[0].score == 100.0


def test_huge_blocks_are_skipped_not_compared_quadratically(monkeypatch):
    calls = []
    real = name_similarity

    def counting(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr("actors.duplicates.name_similarity", counting)
    crowd = [NamedActor(i, "person", (f"Ivan Petrov{'a' * (i % 3)}",)) for i in range(1, 301)]
    crowd.append(NamedActor(1000, "person", ("Zoran Zoric",)))
    crowd.append(NamedActor(1001, "person", ("Zoran Zorić Jr.",)))
    pairs = find_duplicate_pairs(crowd, max_block=50)
    assert ids(pairs) == {(1000, 1001)}  # the 300 "Ivan Petrov…" share one block, too big to say anything
    assert len(calls) < 10


def test_similarity_ignores_word_order_but_not_single_words_in_longer_names():
    assert name_similarity("Petrov, Ivan", "Ivan Petrov") == 100
    assert name_similarity("Ivan Petrov", "Ivan Petrov Ilyich") == 100
    assert name_similarity("Serbia", "Government of Serbia") < 60
    assert name_similarity("", "Ivan") == 0


@pytest.mark.django_db
def test_admin_page_lists_pairs_with_merge_links(admin_client):
    first = ActorFactory(name="Ivan Petrov")
    second = ActorFactory(name="Ivan Petrov Jr.")
    third = ActorFactory(name="Jelena Markovic")
    AliasFactory(actor=third, name="Jelena Marković-Ilić")
    ActorFactory(name="Tomislav Horvat")
    changelist = admin_client.get(reverse("admin:actors_actor_changelist")).content.decode()
    assert f'href="{DUPLICATES}" class="duplicates-link">Probable duplicates</a>' in changelist

    html = admin_client.get(DUPLICATES).content.decode()
    assert html.count('class="duplicate-pair"') == 1
    assert f'data-ids="{first.pk},{second.pk}"' in html
    merge = reverse("admin:actors_actor_merge")
    assert f'href="{merge}?ids={first.pk}%2C{second.pk}" class="button merge-pair-link">merge</a>' in html
    assert "Ivan Petrov ≈ Ivan Petrov Jr." in html

    preview = admin_client.get(f"{merge}?ids={first.pk}%2C{second.pk}").content.decode()
    assert "Confirm merge" in preview

    assert 'class="duplicate-pair"' not in admin_client.get(DUPLICATES, {"kind": "organisation"}).content.decode()
    bad = admin_client.get(DUPLICATES, {"min_score": "lots"})
    assert bad.status_code == 200 and 'class="duplicate-pair"' in bad.content.decode()


@pytest.mark.django_db
def test_admin_page_needs_view_permission_and_hides_merge_without_merge_permission(client, django_user_model):
    ActorFactory(name="Ivan Petrov")
    ActorFactory(name="Ivan Petrov Jr.")
    assert "/admin/login/" in client.get(DUPLICATES)["Location"]
    staff = django_user_model.objects.create_user("staff", password="pw-staff-123", is_staff=True)
    client.force_login(staff)
    assert client.get(DUPLICATES).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_actor"))
    client.force_login(django_user_model.objects.get(pk=staff.pk))
    html = client.get(DUPLICATES).content.decode()
    assert 'class="duplicate-pair"' in html
    assert "merge-pair-link" not in html
