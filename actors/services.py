"""Writing actors: merging duplicates, loading the gazetteer.

The merge works through Django's reverse relations, so it moves quotes, mentions, claims, authorships,
affiliations and anything else that points at an actor without this app importing `articles`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.db import transaction
from django.db.models import ManyToManyRel, ManyToOneRel, OneToOneRel
from django.utils.text import slugify

from actors.gazetteer import GazetteerEntry
from actors.models import Actor, ActorAlias, ActorRedirect
from balkanapi.models import ReviewStatus
from balkanapi.text import normalize_text
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


# -- the gazetteer ------------------------------------------------------------------------------------------

# Alias kinds that identify an actor well enough to match an existing one by; a short form, an abbreviation
# or a metonym ("Beograd") may well name another actor, so they are added but never matched on.
_MATCHING_ALIAS_KINDS = {"name", "variant", "transliteration", "native"}


@dataclass
class GazetteerLoadReport:
    """What one load did: actors created, existing actors that gained aliases (or a missing gender), the rest."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    aliases_added: int = 0
    created_names: list[str] = dataclass_field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.created} actors created, {self.updated} updated ({self.aliases_added} aliases added), "
            f"{self.unchanged} unchanged"
        )


@transaction.atomic
def load_gazetteer(*, entries: Sequence[GazetteerEntry], user=None) -> GazetteerLoadReport:
    """Write gazetteer entries as curated, verified actors; safe to run again and again.

    An entry whose name (or one of its names, aliases) is already an existing actor's name or alias, with
    the same kind, is that actor: it only gains the aliases it lacks (and a gender when it has none), so a
    curator's edits of names, kinds, countries and descriptions survive every reload. Otherwise a new actor
    is created with all its aliases. Everything is validated (full_clean) and written in one transaction.
    """
    report = GazetteerLoadReport()
    index = _ExistingActors()
    for entry in entries:
        actor = index.match(entry)
        if actor is None:
            actor = _create_from_entry(entry, user)
            added = _add_aliases(actor, entry, user)
            index.add(actor, entry)
            report.created += 1
            report.created_names.append(entry.name)
            continue
        changed = False
        if entry.gender and not actor.gender and actor.kind == Actor.Kind.PERSON:
            actor.gender = entry.gender
            actor._history_user = user
            actor.full_clean()
            actor.save()
            changed = True
        added = _add_aliases(actor, entry, user)
        index.add(actor, entry)
        report.aliases_added += added
        if added or changed:
            report.updated += 1
        else:
            report.unchanged += 1
    return report


class _ExistingActors:
    """Existing actors by normalised name and alias, so each entry is matched without a query per form."""

    def __init__(self) -> None:
        self.by_form: dict[tuple[str, str], set[int]] = {}
        self.by_name: dict[tuple[str, str], set[int]] = {}
        self.claimed: set[int] = set()
        kinds = {}
        for pk, norm, kind in Actor.objects.values_list("pk", "name_normalized", "kind"):
            kinds[pk] = kind
            self.by_name.setdefault((norm, kind), set()).add(pk)
            self.by_form.setdefault((norm, kind), set()).add(pk)
        for actor_id, norm in ActorAlias.objects.values_list("actor_id", "normalized"):
            self.by_form.setdefault((norm, kinds[actor_id]), set()).add(actor_id)

    def match(self, entry: GazetteerEntry) -> Actor | None:
        """The existing actor this entry is: same name first, else one with one of its identifying forms."""
        name = (normalize_text(entry.name), entry.kind)
        candidates = sorted(self.by_name.get(name, set()) - self.claimed)
        if not candidates:
            forms = {name} | {
                (normalize_text(alias.name), entry.kind)
                for alias in entry.aliases
                if alias.kind in _MATCHING_ALIAS_KINDS and not alias.shared
            }
            candidates = sorted(set().union(*(self.by_form.get(form, set()) for form in forms)) - self.claimed)
        return Actor.objects.get(pk=candidates[0]) if candidates else None

    def add(self, actor: Actor, entry: GazetteerEntry) -> None:
        # One entry per actor in a run: a second entry with a common form is another actor.
        self.claimed.add(actor.pk)
        for form in entry.names():
            self.by_form.setdefault((normalize_text(form), actor.kind), set()).add(actor.pk)


def _create_from_entry(entry: GazetteerEntry, user) -> Actor:
    actor = Actor(
        name=entry.name,
        slug=_free_slug(entry.name),
        kind=entry.kind,
        country=entry.country,
        gender=entry.gender,
        description=entry.role,
        origin=Actor.Origin.CURATED,
        review_status=ReviewStatus.VERIFIED,
    )
    actor._history_user = user
    actor.full_clean()
    actor.save()
    return actor


def _add_aliases(actor: Actor, entry: GazetteerEntry, user) -> int:
    """Add the entry's aliases the actor lacks (one per spelling: the first language listed wins)."""
    have = set(actor.aliases.values_list("name", flat=True)) | {actor.name}
    added = 0
    for alias in entry.aliases:
        if alias.name in have:
            continue
        row = ActorAlias(actor=actor, name=alias.name, kind=alias.kind, language=alias.lang)
        row._history_user = user
        row.full_clean()
        row.save()
        have.add(alias.name)
        added += 1
    return added


def _free_slug(name: str) -> str:
    base = (slugify(name) or "actor")[:110].strip("-")
    if base.isdigit():
        base = f"actor-{base}"
    slug, number = base, 2
    while Actor.objects.filter(slug=slug).exists() or ActorRedirect.objects.filter(old_slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
