"""Writing actors: merging duplicates.

The merge works through Django's reverse relations, so it moves quotes, mentions, claims, authorships,
affiliations and anything else that points at an actor without this app importing `articles`.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import ManyToManyRel, ManyToOneRel, OneToOneRel

from actors.models import Actor, ActorAlias, ActorRedirect
from changes.recording import record_changes


class MergeError(ValueError):
    pass


@transaction.atomic
def merge_actors(survivor: Actor, absorbed: Actor) -> Actor:
    """Move everything that points at `absorbed` to `survivor`, keep its names as aliases, then delete it.

    The absorbed actor's id and slug keep resolving (ActorRedirect) and the change feed records a merge.
    """
    if survivor.pk == absorbed.pk:
        raise MergeError("An actor cannot be merged into itself.")
    survivor, absorbed = _lock(survivor, absorbed)
    for relation in Actor._meta.related_objects:
        if relation.related_model in (ActorAlias, ActorRedirect):
            continue
        if isinstance(relation, ManyToManyRel):
            _move_many_to_many(relation, survivor, absorbed)
        elif isinstance(relation, (ManyToOneRel, OneToOneRel)):
            _move_foreign_keys(relation, survivor, absorbed)
    existing = set(survivor.aliases.values_list("name", flat=True)) | {survivor.name}
    for name, kind, language in [
        (absorbed.name, ActorAlias.Kind.VARIANT, ""),
        *absorbed.aliases.values_list("name", "kind", "language"),
    ]:
        if name not in existing:
            ActorAlias(actor=survivor, name=name, kind=kind, language=language).save()
            existing.add(name)
    ActorRedirect.objects.filter(target=absorbed).update(target=survivor)
    # A slug freed by an earlier merge may have been given to a new actor since; its newest owner wins.
    ActorRedirect.objects.filter(old_slug=absorbed.slug).delete()
    ActorRedirect.objects.create(old_id=absorbed.pk, old_slug=absorbed.slug, target=survivor)
    for field in ("country", "description", "gender", "wikidata_id"):
        if not getattr(survivor, field) and getattr(absorbed, field):
            value = getattr(absorbed, field)
            if field == "wikidata_id":
                absorbed.wikidata_id = None
                absorbed.save(update_fields=["wikidata_id"])
            setattr(survivor, field, value)
    # simple-history keeps these reasons with the survivor's new version and the absorbed actor's deletion.
    survivor._change_reason = f"Merged {absorbed.name} (#{absorbed.pk}, {absorbed.slug}) into this actor"
    survivor.save()
    record_changes(
        Actor, [absorbed.pk], "merge", {"into": survivor.pk, "into_slug": survivor.slug, "slug": absorbed.slug}
    )
    absorbed._merging = True  # the feed shows this as a merge, not a deletion
    absorbed._change_reason = f"Merged into {survivor.name} (#{survivor.pk}, {survivor.slug})"
    absorbed.delete()
    return survivor


def _lock(survivor: Actor, absorbed: Actor) -> tuple[Actor, Actor]:
    """Fresh, row-locked copies of both actors; a clear MergeError if either was merged or deleted meanwhile.

    Rows are locked in id order so two opposite merges running at once cannot deadlock.
    """
    locked = {
        actor.pk: actor
        for actor in Actor.objects.select_for_update().filter(pk__in=[survivor.pk, absorbed.pk]).order_by("pk")
    }
    for actor in (survivor, absorbed):
        if actor.pk not in locked:
            redirect = ActorRedirect.objects.select_related("target").filter(old_id=actor.pk).first()
            where = (
                f"it was merged into {redirect.target.name} ({redirect.target.slug})" if redirect else "it was deleted"
            )
            raise MergeError(f"{actor.name} (#{actor.pk}) no longer exists: {where}.")
    return locked[survivor.pk], locked[absorbed.pk]


def _move_foreign_keys(relation, survivor: Actor, absorbed: Actor) -> None:
    model, name = relation.related_model, relation.field.name
    rows = model.objects.filter(**{name: absorbed})
    ids = list(rows.values_list("pk", flat=True))
    unique_sets = [set(c.fields) for c in model._meta.constraints if getattr(c, "fields", None) and name in c.fields]
    if unique_sets:
        # Drop rows that would duplicate one the survivor already has (e.g. the same mention twice).
        for row in rows:
            for fields in unique_sets:
                clash = {field: getattr(row, field if field != name else name) for field in fields if field != name}
                if model.objects.filter(**clash, **{name: survivor}).exists():
                    row.delete()
                    break
    model.objects.filter(**{name: absorbed}).update(**{name: survivor})
    record_changes(model, ids, "update")


def _move_many_to_many(relation, survivor: Actor, absorbed: Actor) -> None:
    through = relation.through
    owner_field = relation.field.m2m_field_name()
    actor_field = relation.field.m2m_reverse_field_name()
    owners_with_survivor = set(through.objects.filter(**{actor_field: survivor}).values_list(owner_field, flat=True))
    links = through.objects.filter(**{actor_field: absorbed})
    owners = list(links.values_list(owner_field, flat=True))
    links.filter(**{f"{owner_field}__in": owners_with_survivor}).delete()
    through.objects.filter(**{actor_field: absorbed}).update(**{actor_field: survivor})
    record_changes(relation.related_model, owners, "update")
