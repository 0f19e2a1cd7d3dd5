"""Abstract model pieces shared by the apps (no concrete models live here)."""

from django.db import models


class ReviewStatus(models.TextChoices):
    """Where a record stands in curation: extracted by a machine, flagged, or checked by staff."""

    MACHINE = "machine", "Machine-extracted"
    NEEDS_REVIEW = "needs_review", "Needs review"
    VERIFIED = "verified", "Verified"


# Records nobody has verified yet: shown only to those allowed to see drafts.
DRAFT_STATUSES = (ReviewStatus.MACHINE, ReviewStatus.NEEDS_REVIEW)


class TimeStampedModel(models.Model):
    """Creation and last-change timestamps, set by the database layer, never by clients."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True
