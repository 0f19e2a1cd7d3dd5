import datetime

from django import forms
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django_filters import rest_framework as filters

from balkanapi.api.filters import ChoiceInFilter
from changes.models import ChangeEvent
from changes.recording import TRACKED

# Event ids are 64-bit integers; a larger `since` is a client mistake, not a database error.
MAX_EVENT_ID = 2**63 - 1


class SinceField(forms.CharField):
    """An event id (exclusive) or an ISO 8601 time (inclusive)."""

    default_error_messages = {"invalid": "Use an event id or an ISO 8601 time such as 2026-01-21T10:00:00Z."}

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if value.isascii() and value.isdigit():
            if int(value) > MAX_EVENT_ID:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            return int(value)
        try:
            moment = parse_datetime(value)
            # In UTC: PostgreSQL refuses UTC offsets beyond ±15:59, ISO 8601 does not.
            moment = moment.astimezone(datetime.UTC) if moment and moment.tzinfo else moment
        except (ValueError, OverflowError):  # well-formed but impossible, e.g. month 13
            moment = None
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return moment


class SinceFilter(filters.CharFilter):
    field_class = SinceField


class ChangeEventFilter(filters.FilterSet):
    since = SinceFilter(
        method="filter_since",
        help_text="Events after this event id (exclusive), or at or after this ISO 8601 time. "
        "Keep the last id you processed and ask for `since=<id>` next time.",
    )
    resource = ChoiceInFilter(choices=[(name, name) for name in TRACKED.values()], help_text="Resource name(s).")
    action = ChoiceInFilter(choices=ChangeEvent.Action.choices, help_text="Action(s), comma-separated.")

    class Meta:
        model = ChangeEvent
        fields = []

    def filter_since(self, queryset, name, value):
        if isinstance(value, int):
            return queryset.filter(id__gt=value)
        return queryset.filter(Q(occurred_at__gte=value))
