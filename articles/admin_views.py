"""Staff pages beyond the model admins: add an article from text, and the review queue.

The views only route: extraction and persistence are `articles.ingest.service`, the queue and its
status changes are `articles.review`, the markup of spans is `articles.highlight`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods

from actors.models import Actor
from articles import review
from articles.forms import IngestForm, ReviewFilterForm, speaker_widget
from articles.highlight import context_snippet, extraction_spans, highlighted_body
from articles.ingest.errors import IngestError
from articles.ingest.pipeline import Extraction
from articles.ingest.service import IngestResult, already_ingested, ingest_document, preview_document
from articles.models import Article, Claim
from balkanapi.api.permissions import can_review

REVIEW_PAGE_SIZE = 25


# -- add an article from text ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateActor:
    """An actor the save step would create (needs review), as the preview lists it."""

    name: str
    kind: str
    country: str
    forms: list[str]


@dataclass
class IngestPreview:
    """What the preview step shows: the extraction, its highlighted body, and the actors it would create."""

    extraction: Extraction
    body_html: SafeString
    claim_kinds: list[str]
    candidates: list[CandidateActor]

    @property
    def claims(self) -> list[tuple]:
        return list(zip(self.extraction.claims, self.claim_kinds, strict=True))


def _ingest_preview(extraction: Extraction) -> IngestPreview:
    return IngestPreview(
        extraction=extraction,
        body_html=highlighted_body(extraction.body, extraction_spans(extraction)),
        claim_kinds=[dict(Claim.Kind.choices).get(claim.kind, claim.kind) for claim in extraction.claims],
        candidates=sorted(
            (
                CandidateActor(
                    ref.name, dict(Actor.Kind.choices).get(ref.kind, ref.kind), ref.country, sorted(ref.surface_forms)
                )
                for ref in extraction.refs()
                if ref.is_new
            ),
            key=lambda candidate: candidate.name.casefold(),
        ),
    )


def ingest_view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    """Step 1 "Preview" extracts without writing; step 2 "Save" re-runs it through `ingest_document`."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = IngestForm()
    preview: IngestPreview | None = None
    duplicate: IngestResult | None = None
    if request.method == "POST":
        form = IngestForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            url = data.get("url") or None
            try:
                if "_save" in request.POST:
                    result = ingest_document(
                        form.document, outlet=data.get("outlet"), url=url, published_on=data.get("published_on")
                    )
                    if result.created:
                        return _saved(model_admin, request, result)
                    duplicate = result
                else:
                    extraction = preview_document(form.document)
                    duplicate = already_ingested(url=url, body=extraction.body)
                    preview = _ingest_preview(extraction)
                    form = IngestForm(initial=form.carried_initial())
            except IngestError as error:
                form.add_error(form.source_field, error.message)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Add article from text",
        "opts": model_admin.model._meta,
        "form": form,
        "preview": preview,
        "duplicate": duplicate,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/articles/article/ingest.html", context)


def _saved(model_admin: admin.ModelAdmin, request: HttpRequest, result: IngestResult) -> HttpResponseRedirect:
    article: Article = result.article
    model_admin.log_addition(request, article, [{"added": {}}])
    counts = ", ".join(f"{number} {name}" for name, number in result.counts.items())
    model_admin.message_user(request, f"{result.message} Extracted: {counts}.", messages.SUCCESS)
    return redirect("admin:articles_article_change", article.pk)


# -- review queue ---------------------------------------------------------------------------------------


@dataclass
class QueueRow:
    item: review.QueueItem
    context: SafeString
    speaker_field: SafeString
    change_url: str
    article_url: str


def _queue_row(item: review.QueueItem) -> QueueRow:
    record = item.record
    label = "Speaker" if item.kind == "quote" else "Claimant"
    name = f"speaker-{item.kind}-{record.pk}"
    widget = speaker_widget(item.kind, item.speaker, f"{label} of {item.kind} {record.pk}")
    return QueueRow(
        item=item,
        context=context_snippet(record.article.body, record.start, record.end, margin=160),
        speaker_field=widget.render(name, item.speaker.pk if item.speaker else None, attrs={"id": f"id_{name}"}),
        change_url=reverse(f"admin:articles_{item.kind}_change", args=[record.pk]),
        article_url=reverse("admin:articles_article_change", args=[record.article_id]),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def review_queue_view(request: HttpRequest) -> HttpResponse:
    """Pending quotes and claims, lowest confidence first; POST confirms, corrects or rejects."""
    if not can_review(request.user):
        raise PermissionDenied
    if request.method == "POST":
        _apply_review_action(request)
        return HttpResponseRedirect(request.get_full_path())
    filter_form = ReviewFilterForm(request.GET)
    filters = filter_form.filters()
    page = Paginator(review.review_queue(filters), REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_queue_row(item) for item in review.queue_items(page.object_list)]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **admin.site.each_context(request),
        "title": "Review queue",
        "subtitle": "Machine-extracted quotes and claims, lowest confidence first",
        "filter_form": filter_form,
        "page": page,
        "rows": rows,
        "page_query": query.urlencode(),
        "candidate_actors": review.pending_candidate_actors(),
        "candidate_actors_url": reverse("admin:actors_actor_changelist") + "?review_status__exact=needs_review",
        "media": filter_form.media,
    }
    return TemplateResponse(request, "admin/articles/review_queue.html", context)


def _apply_review_action(request: HttpRequest) -> None:
    """One button press of the queue: "confirm:quote:12", "correct:claim:7", "reject:quote:3" or "bulk_confirm"."""
    action = request.POST.get("do", "")
    if action == "bulk_confirm":
        selected = request.POST.getlist("selected")
        if not selected:
            messages.warning(request, "Select the records to confirm first.")
            return
        changed = review.confirm_many(selected)
        messages.success(request, f"{changed} record(s) confirmed.")
        return
    verb, _, key = action.partition(":")
    parsed = review.parse_key(key)
    if verb not in ("confirm", "correct", "reject") or parsed is None:
        messages.error(request, "Unknown review action.")
        return
    kind, pk = parsed
    record = review.pending_record(kind, pk)
    if record is None:
        messages.warning(request, f"The {kind} #{pk} was already reviewed or no longer exists.")
        return
    if verb == "confirm":
        review.confirm(record)
        messages.success(request, f"Confirmed {kind} #{pk}.")
    elif verb == "reject":
        review.reject(record)
        messages.success(request, f"Rejected and deleted {kind} #{pk}.")
    else:
        chosen = request.POST.get(f"speaker-{kind}-{pk}", "")
        actor = Actor.objects.filter(pk=int(chosen)).first() if chosen.isdigit() and len(chosen) < 19 else None
        if actor is None:
            who = "speaker" if kind == "quote" else "claimant"
            messages.error(request, f"Choose the {who} of {kind} #{pk} before correcting it.")
            return
        review.correct_speaker(record, actor)
        messages.success(request, f"Corrected {kind} #{pk}: {actor} (verified).")
