"""Read-side queries for actors: one place that knows what each view needs prefetched."""

from collections.abc import Sequence

from django.db.models import ManyToManyRel, Prefetch, QuerySet

from actors.duplicates import DuplicatePair, NamedActor, find_duplicate_pairs
from actors.models import Actor, ActorAlias, ActorRedirect, Affiliation
from balkanapi.querysets import count_of


def actor_list() -> QuerySet[Actor]:
    """Actors with their aliases, ready for list serialisation without N+1 queries."""
    return Actor.objects.prefetch_related("aliases")


def actor_detail() -> QuerySet[Actor]:
    """Actors with aliases, affiliations and how often they are quoted, mentioned and claim things.

    The counted models are reached through the reverse relations, so this app imports nothing from `articles`.
    """
    return (
        actor_list()
        .prefetch_related(Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation")))
        .annotate(
            quote_count=_count_related("quotes"),
            mention_count=_count_related("mentions"),
            claim_count=_count_related("claims"),
            article_count=_count_related("mentions", distinct_field="article"),
        )
    )


def _count_related(relation: str, distinct_field: str = "pk"):
    reverse = Actor._meta.get_field(relation)
    return count_of(reverse.related_model.objects.all(), reverse.field.name, distinct_field)


# Probable duplicates: at most this many actors are read, most recently changed first, so the admin page
# stays fast on a large table (new machine-proposed actors are the likeliest duplicates).
DUPLICATE_SCAN_LIMIT = 20_000


def probable_duplicates(
    *, kind: str = "", min_score: float = 88.0, limit: int = 100, scan_limit: int = DUPLICATE_SCAN_LIMIT
) -> tuple[list[tuple[Actor, Actor, DuplicatePair]], bool]:
    """Pairs of same-kind actors whose names or aliases look alike, best first, with both actors loaded.

    Returns the pairs and whether the scan stopped at `scan_limit` actors (so some pairs may be missing).
    """
    actors = Actor.objects.order_by("-updated_at", "-pk")
    if kind:
        actors = actors.filter(kind=kind)
    rows = list(actors.values_list("pk", "kind", "name")[: scan_limit + 1])
    truncated = len(rows) > scan_limit
    rows = rows[:scan_limit]
    aliases: dict[int, list[str]] = {}
    ids = [pk for pk, _kind, _name in rows]
    for start in range(0, len(ids), 2000):  # stay under SQLite's limit on query parameters
        for actor_id, alias in ActorAlias.objects.filter(actor_id__in=ids[start : start + 2000]).values_list(
            "actor_id", "name"
        ):
            aliases.setdefault(actor_id, []).append(alias)
    pairs = find_duplicate_pairs(
        (NamedActor(pk, actor_kind, (name, *aliases.get(pk, ()))) for pk, actor_kind, name in rows),
        min_score=min_score,
        limit=limit,
    )
    loaded = Actor.objects.in_bulk({pk for pair in pairs for pk in (pair.first_id, pair.second_id)})
    return [(loaded[pair.first_id], loaded[pair.second_id], pair) for pair in pairs], truncated


def merge_preview(survivor: Actor, absorbed: Sequence[Actor]) -> dict:
    """What merging each of `absorbed` into `survivor` (in this order) would move, without changing anything.

    For each absorbed actor: how many records of each kind point at it (`counts`, keyed by the reverse
    relation's name, each with a human label), the names that become new aliases of the survivor, the empty
    survivor fields it would fill, and how many older redirects (earlier merges into it) move along.
    The same reverse relations `actors.services.merge_actors` walks are counted, so this app stays
    ignorant of `articles`.
    """
    names = set(survivor.aliases.values_list("name", flat=True)) | {survivor.name}
    filled = {field: getattr(survivor, field) for field in MERGE_FILLED_FIELDS}
    items = []
    totals: dict[str, int] = {}
    for actor in absorbed:
        counts = {}
        for relation in Actor._meta.related_objects:
            if relation.related_model is ActorRedirect:
                continue
            key = relation.get_accessor_name()
            counts[key] = {"label": _relation_label(relation), "count": _count_pointing_at(relation, actor)}
            totals[key] = totals.get(key, 0) + counts[key]["count"]
        new_aliases = []
        for name in [actor.name, *actor.aliases.values_list("name", flat=True)]:
            if name not in names:
                names.add(name)
                new_aliases.append(name)
        fills = {}
        for field, current in filled.items():
            value = getattr(actor, field)
            if not current and value:
                filled[field] = fills[field] = str(value)
        items.append(
            {
                "actor": actor,
                "counts": counts,
                "new_aliases": new_aliases,
                "filled_fields": fills,
                "redirects_moved": ActorRedirect.objects.filter(target=actor).count(),
            }
        )
    return {"survivor": survivor, "absorbed": items, "totals": totals}


# Fields the survivor takes over from an absorbed actor when its own are empty (as merge_actors does).
MERGE_FILLED_FIELDS = ("country", "description", "gender", "wikidata_id")


def _relation_label(relation) -> str:
    """ "quotes (about)", "claims (claimant)", "mentions": the pointing model, and its field unless obvious."""
    plural = str(relation.related_model._meta.verbose_name_plural)
    field = relation.field
    return plural if field.name == "actor" else f"{plural} ({field.verbose_name})"


def _count_pointing_at(relation, actor: Actor) -> int:
    if isinstance(relation, ManyToManyRel):
        through = relation.through
        return through.objects.filter(**{relation.field.m2m_reverse_field_name(): actor}).count()
    return relation.related_model._default_manager.filter(**{relation.field.name: actor}).count()


def actors_for_merge(ids: Sequence[int]) -> tuple[list[Actor], list[str]]:
    """The actors with these ids, in the given order, and a message for each id that no longer exists.

    An id that was merged away names the actor it now redirects to, so a stale page explains itself.
    """
    found = Actor.objects.prefetch_related("aliases").in_bulk(ids)
    redirects = {r.old_id: r for r in ActorRedirect.objects.select_related("target").filter(old_id__in=ids)}
    problems = []
    for pk in ids:
        if pk in found:
            continue
        redirect = redirects.get(pk)
        if redirect is not None:
            problems.append(
                f"Actor #{pk} ({redirect.old_slug}) no longer exists: it was merged into "
                f"{redirect.target.name} (#{redirect.target.pk})."
            )
        else:
            problems.append(f"Actor #{pk} does not exist.")
    return [found[pk] for pk in dict.fromkeys(ids) if pk in found], problems


def suggested_survivor(actors: Sequence[Actor]) -> Actor:
    """The actor to keep when staff have not chosen: the most referenced one (quotes, mentions, aliases …),
    then the oldest."""

    def references(actor: Actor) -> int:
        return sum(
            _count_pointing_at(relation, actor)
            for relation in Actor._meta.related_objects
            if relation.related_model is not ActorRedirect
        )

    return max(actors, key=lambda actor: (references(actor), -actor.pk))
