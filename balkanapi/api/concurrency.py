"""Safe concurrent writes: versioned ETags with If-Match (412 on a stale copy) and Idempotency-Key replays.

A detail response's ETag names the record's version (its `updated_at`). A client that sends it back
in `If-Match` with PUT, PATCH or DELETE gets 412 if someone changed the record meanwhile, instead of
silently overwriting that change. The check and the write happen under a row lock in one transaction.
"""

from __future__ import annotations

import hashlib
import json

from django.db import IntegrityError, transaction
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you read it (If-Match does not match its current ETag)."
    default_code = "precondition_failed"


class IdempotencyConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This Idempotency-Key is in use by a request that is still running."
    default_code = "idempotency_conflict"


def version_etag(record) -> str:
    stamp = getattr(record, "updated_at", None)
    version = stamp.strftime("%Y%m%d%H%M%S%f") if stamp else "0"
    return f'"{type(record)._meta.model_name}-{record.pk}-{version}"'


def _matches(header: str, etag: str) -> bool:
    candidates = [value.strip().removeprefix("W/") for value in header.split(",")]
    return "*" in candidates or etag in candidates


class VersionedMixin:
    """ETag on detail responses; If-Match honoured by PUT, PATCH and DELETE; Idempotency-Key on POST."""

    locking_actions = frozenset({"update", "partial_update", "destroy"})

    def get_object(self):
        record = super().get_object()
        if self.action in self.locking_actions:
            # Lock the row, then compare versions: a concurrent editor waits here, then sees our change.
            record = type(record)._default_manager.select_for_update().get(pk=record.pk)
            expected = self.request.headers.get("If-Match")
            if expected and not _matches(expected, version_etag(record)):
                raise PreconditionFailed()
        self.versioned_record = record
        return record

    def create(self, request, *args, **kwargs):
        return run_idempotently(request, lambda: super(VersionedMixin, self).create(request, *args, **kwargs))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        record = getattr(self, "versioned_record", None)
        if (
            record is not None
            and response.status_code == 200
            and self.action in ("retrieve", "update", "partial_update")
        ):
            response["ETag"] = version_etag(record)
        return response


def _fingerprint(request) -> str:
    data = request.data
    if hasattr(data, "dict"):  # a QueryDict from a form or multipart upload
        data = {key: [getattr(value, "name", value) for value in data.getlist(key)] for key in data}
    payload = json.dumps(
        data, sort_keys=True, default=lambda value: f"{getattr(value, 'name', '')}:{getattr(value, 'size', '')}"
    )
    return hashlib.sha256(f"{request.method} {request.path}\n{payload}".encode()).hexdigest()


def run_idempotently(request, call):
    """Run a POST once per Idempotency-Key (per user): a repeat gets the first answer, marked as replayed."""
    from changes.models import IdempotencyRecord

    key = request.headers.get("Idempotency-Key")
    if not key or not request.user.is_authenticated:
        return call()
    if len(key) > 200:
        raise ValidationError({"Idempotency-Key": ["At most 200 characters."]})
    fingerprint = _fingerprint(request)
    previous = IdempotencyRecord.objects.filter(user=request.user, key=key).first()
    if previous is not None:
        if previous.fingerprint != fingerprint:
            raise ValidationError({"Idempotency-Key": ["Already used for a different request."]})
        response = Response(previous.body, status=previous.status_code, headers=previous.headers)
        response["Idempotent-Replayed"] = "true"
        return response
    response = call()
    if response.status_code < 500:
        try:
            with transaction.atomic():
                IdempotencyRecord.objects.create(
                    user=request.user,
                    key=key,
                    fingerprint=fingerprint,
                    status_code=response.status_code,
                    body=json.loads(json.dumps(response.data, default=str)),
                    headers={name: response[name] for name in ("Location",) if response.has_header(name)},
                )
        except IntegrityError as error:
            raise IdempotencyConflict() from error
    return response
