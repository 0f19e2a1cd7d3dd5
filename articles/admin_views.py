"""Staff pages beyond the model admins: add an article from text.

The views only route: extraction and persistence are `articles.ingest.service`, the markup of spans
is `articles.highlight`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.safestring import SafeString

from actors.models import Actor
from articles.forms import IngestForm
from articles.highlight import extraction_spans, highlighted_body
from articles.ingest.errors import IngestError
from articles.ingest.pipeline import Extraction
from articles.ingest.service import IngestResult, already_ingested, ingest_document, preview_document
from articles.models import Article, Claim

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
