"""Writing change events: model signals for single saves and deletes, and a helper for bulk writes.

Bulk paths (`bulk_create`, `QuerySet.update`) do not send signals; the code that uses them calls
`record_changes` itself (ingestion, admin review actions, merges).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db.models.signals import post_delete, post_save

# Model label -> resource name in the API and the feed.
TRACKED = {
    "articles.Article": "articles",
    "articles.Quote": "quotes",
    "articles.Claim": "claims",
    "articles.QuoteGroup": "quote-groups",
    "articles.Outlet": "outlets",
    "articles.Topic": "topics",
    "actors.Actor": "actors",
}


def resource_of(model) -> str | None:
    return TRACKED.get(model._meta.label)


def record_changes(model, ids: Iterable[int], action: str, data: dict | None = None) -> None:
    """Append one event per id (in the current transaction, so a rolled-back write leaves no event)."""
    from changes.models import ChangeEvent

    resource = resource_of(model)
    if resource is None:
        return
    ChangeEvent.objects.bulk_create(
        [ChangeEvent(resource=resource, object_id=pk, action=action, data=data or {}) for pk in ids]
    )


def _saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        record_changes(sender, [instance.pk], "create" if created else "update")


def _deleted(sender, instance, **kwargs):
    if getattr(instance, "_merging", False):
        return  # recorded as a merge by actors.services.merge_actors
    record_changes(
        sender,
        [instance.pk],
        "delete",
        {"slug": getattr(instance, "slug", None)} if getattr(instance, "slug", None) else None,
    )


def connect_signals() -> None:
    for label in TRACKED:
        model = apps.get_model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"changes-save-{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"changes-delete-{label}")
