"""Admin actions shared by every model that carries a review status."""

from django.contrib import admin, messages

from balkanapi.models import ReviewStatus


def _set_status(status: str, label: str):
    @admin.action(description=f"Mark selected as {label}")
    def action(modeladmin, request, queryset):
        # One save per record (not update()): each change gets its history entry and change-feed event.
        changed = 0
        for record in queryset.exclude(review_status=status):
            record.review_status = status
            record.save(update_fields=["review_status", "updated_at"])
            changed += 1
        modeladmin.message_user(request, f"{changed} record(s) marked as {label}.", messages.SUCCESS)

    action.__name__ = f"mark_{status}"
    return action


REVIEW_ACTIONS = [_set_status(value, label.lower()) for value, label in ReviewStatus.choices]
