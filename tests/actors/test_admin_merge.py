"""Merging duplicate actors from the admin: preview, confirmation, permissions and clear errors."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from actors.models import Actor, ActorAlias, ActorRedirect
from actors.selectors import merge_preview
from articles.models import Claim, Mention, Quote, QuoteGroup
from changes.models import ChangeEvent
from tests.factories import (
    ActorFactory,
    AliasFactory,
    ArticleFactory,
    ClaimFactory,
    MentionFactory,
    QuoteFactory,
    QuoteGroupFactory,
)

pytestmark = pytest.mark.django_db

MERGE = reverse("admin:actors_actor_merge")


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.org", "pw-boss-123"))
    return client


@pytest.fixture
def pair():
    """A survivor with one quote and a duplicate with two quotes, a claim, a mention, aliases and a quote group."""
    survivor = ActorFactory(name="Ivan Petrov", slug="ivan-petrov", country="")
    absorbed = ActorFactory(name="Ivan Petrov Jr.", slug="ivan-petrov-jr", country="RS", description="Deputy.")
    AliasFactory(actor=absorbed, name="I. Petrov")
    AliasFactory(actor=absorbed, name="Ivan Petrov")  # already the survivor's name: does not become an alias
    article = ArticleFactory(body="Petrov said “we are ready to talk” on Monday, and “we are ready to talk” again.")
    QuoteFactory(speaker=survivor)
    group = QuoteGroupFactory(speaker=absorbed)
    QuoteFactory(article=article, speaker=absorbed, group=group)
    QuoteFactory(article=article, speaker=absorbed, start=50, end=70)
    ClaimFactory(article=article, claimant=absorbed, subjects=[absorbed])
    MentionFactory(article=article, actor=absorbed, text="Petrov")
    return survivor, absorbed


def test_preview_selector_counts_what_moves(pair):
    survivor, absorbed = pair
    preview = merge_preview(survivor, [absorbed])
    [item] = preview["absorbed"]
    counts = {key: row["count"] for key, row in item["counts"].items()}
    assert counts["quotes"] == 2
    assert counts["claims"] == 1
    assert counts["claims_about"] == 1
    assert counts["mentions"] == 1
    assert counts["aliases"] == 2
    assert counts["quote_groups"] == 1
    assert counts["affiliations"] == 0
    assert item["new_aliases"] == ["Ivan Petrov Jr.", "I. Petrov"]
    assert item["filled_fields"] == {"country": "RS", "description": "Deputy."}
    assert item["counts"]["claims_about"]["label"] == "claims (subjects)"


def test_action_opens_preview_with_counts_and_confirm_moves_everything(superuser_client, pair):
    survivor, absorbed = pair
    response = superuser_client.post(
        reverse("admin:actors_actor_changelist"),
        {"action": "merge_selected", "_selected_action": [survivor.pk, absorbed.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{MERGE}?ids={survivor.pk}%2C{absorbed.pk}"

    page = superuser_client.get(response["Location"] + f"&survivor={survivor.pk}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Preview: merge into Ivan Petrov" in html
    assert '<tr data-relation="quotes"><td>Quotes (speaker)</td><td class="count">2</td></tr>' in html
    assert '<tr data-relation="mentions"><td>Mentions</td><td class="count">1</td></tr>' in html
    assert "Ivan Petrov Jr., I. Petrov" in html
    assert 'value="Confirm merge"' in html
    assert Actor.objects.filter(pk=absorbed.pk).exists()  # the preview changes nothing

    done = superuser_client.post(MERGE, {"ids": f"{survivor.pk},{absorbed.pk}", "survivor": survivor.pk}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("admin:actors_actor_change", args=[survivor.pk])
    assert "Merged Ivan Petrov Jr. (#" in done.content.decode()
    assert not Actor.objects.filter(pk=absorbed.pk).exists()
    assert Quote.objects.filter(speaker=survivor).count() == 3
    assert Claim.objects.get().claimant == survivor
    assert list(Claim.objects.get().subjects.all()) == [survivor]
    assert Mention.objects.get().actor == survivor
    assert QuoteGroup.objects.get().speaker == survivor
    assert set(ActorAlias.objects.filter(actor=survivor).values_list("name", flat=True)) == {
        "Ivan Petrov Jr.",
        "I. Petrov",
    }
    survivor.refresh_from_db()
    assert survivor.country == "RS"
    redirect = ActorRedirect.objects.get(old_id=absorbed.pk)
    assert (redirect.old_slug, redirect.target) == ("ivan-petrov-jr", survivor)
    assert superuser_client.get(f"/api/v1/actors/{absorbed.slug}/").status_code == 301
    assert ChangeEvent.objects.filter(resource="actors", object_id=absorbed.pk, action="merge").exists()
    # History: the survivor's new version says what was merged, by whom; the absorbed actor's deletion too.
    latest = survivor.history.first()
    assert latest.history_change_reason.startswith("Merged Ivan Petrov Jr.")
    assert latest.history_user.username == "boss"
    gone = Actor.history.filter(id=absorbed.pk).first()
    assert gone.history_type == "-" and gone.history_change_reason.startswith("Merged into Ivan Petrov")


def test_default_survivor_is_the_most_referenced_and_can_be_switched(superuser_client, pair):
    survivor, absorbed = pair
    html = superuser_client.get(MERGE, {"ids": f"{survivor.pk},{absorbed.pk}"}).content.decode()
    assert "Preview: merge into Ivan Petrov Jr." in html  # it has more quotes, claims and mentions
    assert f'id="survivor-{absorbed.pk}"\n                       checked' in html
    html = superuser_client.get(MERGE, {"ids": f"{survivor.pk},{absorbed.pk}", "survivor": survivor.pk}).content
    assert "Preview: merge into Ivan Petrov (#" in html.decode()


def test_merge_into_button_and_added_actor_becomes_survivor(superuser_client, pair):
    survivor, absorbed = pair
    change = superuser_client.get(reverse("admin:actors_actor_change", args=[absorbed.pk])).content.decode()
    assert f'href="{MERGE}?ids={absorbed.pk}" class="merge-link">Merge into…</a>' in change
    alone = superuser_client.get(MERGE, {"ids": absorbed.pk}).content.decode()
    assert "Choose at least two actors to merge." in alone
    assert 'name="add"' in alone and "admin-autocomplete" in alone
    html = superuser_client.get(MERGE, {"ids": absorbed.pk, "add": survivor.pk}).content.decode()
    assert "Preview: merge into Ivan Petrov (#" in html


def test_self_merge_and_stale_pages_are_messages_not_errors(superuser_client, pair):
    survivor, absorbed = pair
    response = superuser_client.post(MERGE, {"ids": str(survivor.pk), "survivor": survivor.pk}, follow=True)
    assert response.status_code == 200
    assert "An actor cannot be merged into itself" in response.content.decode()
    assert Actor.objects.filter(pk=survivor.pk).exists()

    third = ActorFactory(name="Ivan Petrovich")
    superuser_client.post(MERGE, {"ids": f"{survivor.pk},{absorbed.pk}", "survivor": survivor.pk})
    # A second tab still shows the old preview that keeps the absorbed actor.
    response = superuser_client.post(MERGE, {"ids": f"{absorbed.pk},{third.pk}", "survivor": absorbed.pk}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Actor #{absorbed.pk} (ivan-petrov-jr) no longer exists: it was merged into Ivan Petrov" in html
    assert Actor.objects.filter(pk=third.pk).exists()
    # Merging into an actor that was itself merged away is refused the same way on the preview page.
    html = superuser_client.get(MERGE, {"ids": f"{absorbed.pk},{third.pk}"}).content.decode()
    assert "no longer exists: it was merged into Ivan Petrov" in html
    assert "Confirm merge" not in html


def test_merge_is_all_or_nothing(superuser_client, pair, monkeypatch):
    survivor, absorbed = pair
    third = ActorFactory(name="Ivan Petrovich")
    QuoteFactory(speaker=third)
    calls = []

    def failing_second_merge(keep, drop):
        from actors.services import MergeError, merge_actors

        calls.append(drop.pk)
        if len(calls) == 2:
            raise MergeError("simulated failure")
        return merge_actors(keep, drop)

    monkeypatch.setattr("actors.admin.merge_actors", failing_second_merge)
    response = superuser_client.post(
        MERGE, {"ids": f"{survivor.pk},{absorbed.pk},{third.pk}", "survivor": survivor.pk}, follow=True
    )
    assert "Nothing was merged: simulated failure" in response.content.decode()
    assert Actor.objects.filter(pk__in=[absorbed.pk, third.pk]).count() == 2
    assert Quote.objects.filter(speaker=absorbed).count() == 2


def test_merge_needs_staff_and_the_merge_permission(client, django_user_model, pair):
    survivor, absorbed = pair
    data = {"ids": f"{survivor.pk},{absorbed.pk}", "survivor": survivor.pk}
    anonymous = client.post(MERGE, data)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]

    user = django_user_model.objects.create_user("plain", password="pw-plain-123")
    client.force_login(user)
    assert "/admin/login/" in client.get(MERGE, {"ids": data["ids"]})["Location"]

    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(codename__in=["view_actor", "change_actor"]))
    assert client.get(MERGE, {"ids": data["ids"]}).status_code == 403
    assert client.post(MERGE, data).status_code == 403
    changelist = client.get(reverse("admin:actors_actor_changelist")).content.decode()
    assert "merge_selected" not in changelist
    assert Actor.objects.filter(pk=absorbed.pk).exists()

    user.user_permissions.add(Permission.objects.get(codename="merge_actor"))
    user = django_user_model.objects.get(pk=user.pk)  # fresh permission cache
    client.force_login(user)
    assert "merge_selected" in client.get(reverse("admin:actors_actor_changelist")).content.decode()
    assert client.post(MERGE, data).status_code == 302
    assert not Actor.objects.filter(pk=absorbed.pk).exists()


def test_merging_an_actor_that_reuses_a_freed_slug(superuser_client):
    keep = ActorFactory(name="Ana Novak", slug="ana-novak")
    old = ActorFactory(name="Ana Novak", slug="ana-novak-2")
    superuser_client.post(MERGE, {"ids": f"{keep.pk},{old.pk}", "survivor": keep.pk})
    reborn = ActorFactory(name="Ana Novak (athlete)", slug="ana-novak-2")  # the freed slug, given again
    other = ActorFactory(name="Ana Novakova")
    response = superuser_client.post(MERGE, {"ids": f"{other.pk},{reborn.pk}", "survivor": other.pk})
    assert response.status_code == 302
    assert ActorRedirect.objects.get(old_slug="ana-novak-2").target == other


def test_action_refuses_too_many_actors_at_once(superuser_client):
    from actors.admin import MAX_MERGE

    actors = [ActorFactory() for _ in range(MAX_MERGE + 1)]
    response = superuser_client.post(
        reverse("admin:actors_actor_changelist"),
        {"action": "merge_selected", "_selected_action": [actor.pk for actor in actors]},
        follow=True,
    )
    assert f"Select at most {MAX_MERGE} actors to merge at once." in response.content.decode()
    assert Actor.objects.count() == MAX_MERGE + 1
