"""The change feed: every create, update, delete and merge of a published resource, in order.

A mirror that replays the feed from its last seen id stays exact, deletions and actor merges included.
"""

from django.conf import settings
from django.db import models


class ChangeEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"
        MERGE = "merge", "Merged into another record"

    id = models.BigAutoField(primary_key=True)  # the feed's sequence: strictly increasing
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resource = models.CharField(max_length=32, db_index=True, help_text="articles, quotes, claims, actors …")
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=8, choices=Action.choices)
    data = models.JSONField(default=dict, blank=True, help_text="For merges: the surviving record's id and slug.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["resource", "object_id"], name="change_resource_object")]

    def __str__(self) -> str:
        return f"#{self.id} {self.action} {self.resource}/{self.object_id}"


class IdempotencyRecord(models.Model):
    """The stored answer to a write sent with an `Idempotency-Key`, replayed when the same request comes again."""

    key = models.CharField(max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(null=True)
    headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_idempotency_key_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
