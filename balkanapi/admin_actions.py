"""Admin actions shared by every model that carries a review status."""

from django.contrib import admin, messages

from balkanapi.models import ReviewStatus
from changes.recording import record_changes


def _set_status(status: str, label: str):
    @admin.action(description=f"Mark selected as {label}")
    def action(modeladmin, request, queryset):
        # update() skips save() and its signals, so the change feed is told here.
        ids = list(queryset.values_list("pk", flat=True))
        changed = queryset.update(review_status=status)
        record_changes(queryset.model, ids, "update")
        modeladmin.message_user(request, f"{changed} record(s) marked as {label}.", messages.SUCCESS)

    action.__name__ = f"mark_{status}"
    return action


REVIEW_ACTIONS = [_set_status(value, label.lower()) for value, label in ReviewStatus.choices]
