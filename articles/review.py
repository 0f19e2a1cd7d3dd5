"""The review queue: machine-extracted quotes and claims waiting for staff, and what staff do with them.

Selectors read the queue (lowest confidence first, across quotes and claims); services confirm,
correct or reject one record, or confirm many. Every change is one `save()` or `delete()` per
record, never `QuerySet.update()`, so simple-history writes a history row (with the reviewer, from
HistoryRequestMiddleware, and a change reason) and the change feed gets its event.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import F, QuerySet, Value

from actors.models import Actor
from articles.models import Claim, Outlet, Quote
from balkanapi.models import DRAFT_STATUSES, ReviewStatus

# Records in the queue: the drafts, what the pipeline made and nobody has verified yet.
PENDING = DRAFT_STATUSES

KIND_MODELS: dict[str, type[Quote] | type[Claim]] = {"quote": Quote, "claim": Claim}
# The field a correction sets: who spoke (quotes), who asserts it (claims).
SPEAKER_FIELDS = {"quote": "speaker", "claim": "claimant"}

_KEY = re.compile(r"^(quote|claim):([1-9]\d{0,18})$")

Record = Quote | Claim


@dataclass(frozen=True)
class QueueFilters:
    outlet: Outlet | None = None
    kind: str = ""  # "", "quote" or "claim"
    published_after: datetime.date | None = None
    published_before: datetime.date | None = None


@dataclass
class QueueItem:
    kind: str
    record: Record

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.record.pk}"

    @property
    def speaker(self) -> Actor | None:
        return getattr(self.record, SPEAKER_FIELDS[self.kind])

    @property
    def text(self) -> str:
        return self.record.text if self.kind == "quote" else self.record.statement


def parse_key(key: str) -> tuple[str, int] | None:
    """("quote", 12) for "quote:12"; None for anything else."""
    match = _KEY.match(key.strip())
    return (match.group(1), int(match.group(2))) if match else None


def _pending(model: type[Quote] | type[Claim], kind: str, filters: QueueFilters) -> QuerySet:
    records = model.objects.filter(review_status__in=PENDING).order_by()  # no per-part ORDER BY in a UNION
    if filters.outlet is not None:
        records = records.filter(article__outlet=filters.outlet)
    if filters.published_after is not None:
        records = records.filter(article__published_on__gte=filters.published_after)
    if filters.published_before is not None:
        records = records.filter(article__published_on__lte=filters.published_before)
    return records.annotate(record_kind=Value(kind, output_field=models.CharField())).values_list(
        "record_kind", "pk", "confidence"
    )


def review_queue(filters: QueueFilters) -> QuerySet:
    """(kind, id, confidence) rows of the pending quotes and claims, lowest confidence first.

    One UNION query, so paging and counting happen in the database. Records without a
    confidence (entered by hand) come last; ties keep a stable order (kind, then id).
    """
    kinds = [filters.kind] if filters.kind in KIND_MODELS else list(KIND_MODELS)
    parts = [_pending(KIND_MODELS[kind], kind, filters) for kind in kinds]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return rows.order_by(F("confidence").asc(nulls_last=True), "record_kind", "pk")


def queue_items(rows: Iterable[tuple[str, int, float | None]]) -> list[QueueItem]:
    """The records behind a page of queue rows, in the rows' order, with what the page shows joined in."""
    rows = list(rows)
    loaded: dict[str, dict[int, Record]] = {}
    for kind, model in KIND_MODELS.items():
        ids = [pk for row_kind, pk, _confidence in rows if row_kind == kind]
        if ids:
            loaded[kind] = model.objects.select_related(SPEAKER_FIELDS[kind], "article__outlet").in_bulk(ids)
    return [QueueItem(kind, loaded[kind][pk]) for kind, pk, _confidence in rows if pk in loaded.get(kind, {})]


def pending_candidate_actors() -> int:
    """How many actors the pipeline proposed that still need review."""
    return Actor.objects.filter(review_status=ReviewStatus.NEEDS_REVIEW).count()


def pending_record(kind: str, pk: int) -> Record | None:
    """The quote or claim still waiting for review, or None (unknown, already reviewed, or rejected)."""
    model = KIND_MODELS.get(kind)
    if model is None:
        return None
    return model.objects.filter(pk=pk, review_status__in=PENDING).first()


# -- services ------------------------------------------------------------------------------------------


def confirm(record: Record) -> None:
    """Mark the record verified as extracted."""
    record.review_status = ReviewStatus.VERIFIED
    record._change_reason = "Confirmed in the review queue"
    record.save(update_fields=["review_status", "updated_at"])


def correct_speaker(record: Record, actor: Actor) -> None:
    """Set who spoke (a quote) or who asserts it (a claim) to `actor`, and mark the record verified."""
    field = SPEAKER_FIELDS["quote" if isinstance(record, Quote) else "claim"]
    previous = getattr(record, field)
    setattr(record, field, actor)
    record.review_status = ReviewStatus.VERIFIED
    record._change_reason = f"Corrected in the review queue: {field} {previous or 'none'} → {actor}"[:100]
    record.save(update_fields=[field, "review_status", "updated_at"])


def reject(record: Record) -> None:
    """Delete a record the pipeline got wrong (not a quote, not a claim).

    The deletion stays in the record's history (with the reviewer and reason) and in the change feed.
    Claims drawn from a rejected quote keep their text; their link to the quote is cleared.
    """
    record._change_reason = "Rejected in the review queue"
    record.delete()


def confirm_many(keys: Iterable[str]) -> int:
    """Confirm every pending record among `keys` ("quote:12", "claim:7"); returns how many changed."""
    wanted: dict[str, set[int]] = {}
    for key in keys:
        parsed = parse_key(key)
        if parsed is not None:
            wanted.setdefault(parsed[0], set()).add(parsed[1])
    confirmed = 0
    for kind, ids in wanted.items():
        for record in KIND_MODELS[kind].objects.filter(pk__in=ids, review_status__in=PENDING).order_by("pk"):
            confirm(record)
            confirmed += 1
    return confirmed
