"""Read-side queries for the change feed."""

from django.apps import apps
from django.db.models import QuerySet

from changes.models import ChangeEvent
from changes.recording import TRACKED


def events_readers_may_see(events: QuerySet[ChangeEvent]) -> QuerySet[ChangeEvent]:
    """Leave out events about records that are drafts now (models say which, with `drafts_q()`).

    A draft's events show up once it is verified: verifying it saves it, which records an update
    event after everything the reader has already replayed.
    """
    for label, resource in TRACKED.items():
        model = apps.get_model(label)
        if hasattr(model, "drafts_q"):
            drafts = model.objects.filter(model.drafts_q()).values("pk")
            events = events.exclude(resource=resource, object_id__in=drafts)
    return events
