"""Who may do what through the API.

- Reading is open to anyone, unless API_REQUIRE_AUTH is on (then a token or session is needed).
- Writing needs the model's Django permission (add/change/delete).
- Drafts (records the pipeline made that nobody has verified yet) are shown only to users with the
  `articles.view_drafts` permission or staff; to others they do not exist (404), unless DRAFTS_PUBLIC.
- Review status is set by reviewers: users with `articles.review_records` or staff.
"""

from django.conf import settings
from rest_framework.permissions import DjangoModelPermissions

from balkanapi.models import DRAFT_STATUSES


class ModelPermissionsWithReadPolicy(DjangoModelPermissions):
    authenticated_users_only = False

    def has_permission(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return not settings.API_REQUIRE_AUTH or bool(request.user and request.user.is_authenticated)
        if not (request.user and request.user.is_authenticated):
            return False
        return super().has_permission(request, view)


def can_see_drafts(user) -> bool:
    if settings.DRAFTS_PUBLIC:
        return True
    return bool(user and user.is_authenticated and (user.is_staff or user.has_perm("articles.view_drafts")))


def can_review(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_staff or user.has_perm("articles.review_records")))


def published_only(queryset, request, field: str = "review_status"):
    """Hide drafts from users who may not see them."""
    if can_see_drafts(getattr(request, "user", None)):
        return queryset
    return queryset.exclude(**{f"{field}__in": DRAFT_STATUSES})


class ReviewStatusGuard:
    """For write serializers: only reviewers may set `review_status`; others get a 400 naming the field."""

    def validate_review_status(self, value):
        from rest_framework.exceptions import ValidationError

        request = self.context.get("request")
        current = getattr(self.instance, "review_status", None)
        if value != current and not can_review(getattr(request, "user", None)):
            raise ValidationError("Set by reviewers only (permission articles.review_records).")
        return value
