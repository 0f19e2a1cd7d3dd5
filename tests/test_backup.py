import pytest
from django.core.management import CommandError, call_command

from actors.models import Actor, ActorAlias
from articles.models import Article, Claim, Mention, Quote, QuoteGroup, SameStoryLink
from articles.sample_dataset import load_sample_dataset

pytestmark = pytest.mark.django_db(transaction=True)

MODELS = [Actor, ActorAlias, Article, Quote, Claim, Mention, QuoteGroup, SameStoryLink]


def snapshot():
    return {
        model.__name__: sorted(
            tuple(str(value) for value in row)
            for row in model.objects.values_list(
                *[field.attname for field in model._meta.concrete_fields if field.attname not in {"updated_at"}]
            )
        )
        for model in MODELS
    }


def test_backup_wipe_restore_round_trip(tmp_path):
    load_sample_dataset()
    quote = Quote.objects.first()
    quote.about.add(Actor.objects.first())
    before = snapshot()
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path))
    with pytest.raises(CommandError):
        call_command("restore", str(path))  # refuses to overwrite without --replace
    Actor.objects.create(name="Made after the backup", slug="made-after", kind="person")
    call_command("restore", str(path), "--replace")
    assert not Actor.objects.filter(slug="made-after").exists()
    assert snapshot() == before
    assert Quote.objects.get(pk=quote.pk).about.count() == quote.about.count()
    for quote in Quote.objects.select_related("article"):
        assert quote.article.body[quote.start : quote.end] == quote.text
    # New rows get fresh ids after a restore.
    Actor.objects.filter(slug="after-restore").delete()
    actor = Actor.objects.create(name="After restore", slug="after-restore", kind="person")
    assert actor.pk > max(int(row[0]) for row in before["Actor"])
