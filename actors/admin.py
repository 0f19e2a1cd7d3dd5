"""Staff curation of actors: aliases and affiliations inline, accent-insensitive search, merging duplicates."""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

import balkanapi.token_admin  # noqa: F401 - replaces DRF's token admin (keys shown once)
from actors.models import Actor, ActorAlias, ActorRedirect, Affiliation
from actors.resources import ActorResource
from actors.selectors import actors_for_merge, merge_preview, probable_duplicates, suggested_survivor
from actors.services import MergeError, merge_actors
from balkanapi.admin_actions import REVIEW_ACTIONS
from balkanapi.imports import GuardedImportExportMixin


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1
    fields = ["name", "kind", "language"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    fk_name = "actor"
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["role", "organisation", "start_date", "end_date", "note"]


class NameOrAliasSearchMixin:
    """Search (and so autocomplete) by name or any alias, ignoring accents, case and script."""

    def get_search_results(self, request, queryset, search_term):
        terms = search_term.split()
        if not terms:
            return queryset, False
        for term in terms:
            queryset = queryset.matching_name(term)
        return queryset, False


class MergeAddForm(forms.Form):
    """The "add an actor" box of the merge page: admin autocomplete by name or alias, so it scales."""

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        # The autocomplete endpoint needs a model field pointing at Actor; a redirect's target is one.
        self.fields["add"] = forms.ModelChoiceField(
            queryset=Actor.objects.all(),
            required=False,
            label="Add actor",
            widget=AutocompleteSelect(ActorRedirect._meta.get_field("target"), admin_site),
        )


class DuplicateFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "All kinds"), *Actor.Kind.choices], required=False)
    min_score = forms.IntegerField(min_value=50, max_value=100, initial=88, required=False, label="Minimum score")


MAX_MERGE = 20  # actors merged in one go: the ids travel in the preview's URL


def _ids(values: list[str]) -> list[int]:
    """Actor ids from query or form values; accepts repeated values and comma-separated lists, ignores junk."""
    return [int(part) for value in values for part in value.split(",") if part.strip().isdigit()]


@admin.register(Actor)
class ActorAdmin(NameOrAliasSearchMixin, GuardedImportExportMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "alias_list", "origin", "review_status", "wikidata_id", "updated_at"]
    list_filter = ["kind", "origin", "review_status", "gender", "country"]
    search_fields = ["name"]  # the mixin widens this to aliases, accent-insensitively
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ActorAliasInline, AffiliationInline]
    actions = [*REVIEW_ACTIONS, "merge_selected"]
    list_per_page = 50
    resource_classes = [ActorResource]
    # Extends import-export's change list, adding "Probable duplicates" beside Import and Export.
    import_export_change_list_template = "admin/actors/actor/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    def get_urls(self):
        # Before the default URLs: "merge/" would otherwise be taken for an object id.
        return [
            path("merge/", self.admin_site.admin_view(self.merge_view), name="actors_actor_merge"),
            path("duplicates/", self.admin_site.admin_view(self.duplicates_view), name="actors_actor_duplicates"),
            *super().get_urls(),
        ]

    def has_merge_permission(self, request: HttpRequest) -> bool:
        """The same permission the API's merge endpoint accepts; superusers have it implicitly."""
        return request.user.has_perm("actors.merge_actor")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_merge": self.has_merge_permission(request)}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_merge": self.has_merge_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Merge selected actors…", permissions=["merge"])
    def merge_selected(self, request, queryset):
        if queryset.count() > MAX_MERGE:
            messages.error(request, f"Select at most {MAX_MERGE} actors to merge at once.")
            return None
        ids = ",".join(str(pk) for pk in queryset.order_by("pk").values_list("pk", flat=True))
        return HttpResponseRedirect(f"{reverse('admin:actors_actor_merge')}?{urlencode({'ids': ids})}")

    def merge_view(self, request: HttpRequest) -> HttpResponse:
        """GET: choose the actors and the survivor and preview what moves; POST: merge, all or nothing."""
        if not self.has_merge_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self._merge(request)
        add_form = MergeAddForm(request.GET, admin_site=self.admin_site)
        added = add_form.cleaned_data["add"] if add_form.is_valid() else None
        if add_form.errors:
            messages.warning(request, "There is no such actor to add.")
        ids = _ids(request.GET.getlist("ids")) + ([added.pk] if added else [])
        actors, problems = actors_for_merge(ids)
        for problem in problems:
            messages.warning(request, problem)
        chosen = _ids(request.GET.getlist("survivor"))
        survivor = next((actor for actor in actors if chosen and actor.pk == chosen[0]), None)
        if survivor is None and len(actors) >= 2:
            # From an actor's "Merge into…" button the actor added is the one to keep.
            survivor = added if added and not chosen else suggested_survivor(actors)
        absorbed = [actor for actor in actors if survivor is not None and actor.pk != survivor.pk]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Merge actors",
            "actors": actors,
            "ids": ",".join(str(actor.pk) for actor in actors),
            "survivor": survivor,
            "preview": merge_preview(survivor, absorbed) if absorbed else None,
            "add_form": MergeAddForm(admin_site=self.admin_site),
            "media": self.media + add_form.media,
        }
        return TemplateResponse(request, "admin/actors/actor/merge.html", context)

    def _merge(self, request: HttpRequest) -> HttpResponse:
        ids = _ids(request.POST.getlist("ids"))
        chosen = _ids(request.POST.getlist("survivor"))
        back = f"{reverse('admin:actors_actor_merge')}?{urlencode({'ids': ','.join(map(str, ids))})}"
        if not chosen:
            messages.error(request, "Choose the actor to keep.")
            return HttpResponseRedirect(back)
        actors, problems = actors_for_merge([chosen[0], *ids])
        if problems:
            # Someone merged or deleted one of these since the preview: nothing is merged, the page explains.
            for problem in problems:
                messages.error(request, problem)
            return HttpResponseRedirect(back)
        survivor, absorbed = actors[0], [actor for actor in actors[1:] if actor.pk != chosen[0]]
        if not absorbed:
            messages.error(request, "An actor cannot be merged into itself: choose at least one other actor.")
            return HttpResponseRedirect(back)
        try:
            with transaction.atomic():
                for actor in absorbed:
                    merge_actors(survivor, actor)
        except MergeError as error:
            messages.error(request, f"Nothing was merged: {error}")
            return HttpResponseRedirect(back)
        names = ", ".join(f"{actor.name} (#{actor.pk})" for actor in absorbed)
        self.log_change(request, survivor, f"Merged {names} into this actor.")
        messages.success(request, f"Merged {names} into {survivor.name}.")
        return HttpResponseRedirect(reverse("admin:actors_actor_change", args=[survivor.pk]))

    def duplicates_view(self, request: HttpRequest) -> HttpResponse:
        """Pairs of actors whose names or aliases look alike, each with a link to the merge preview."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = DuplicateFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        min_score = filters.get("min_score") or DuplicateFilterForm.base_fields["min_score"].initial
        pairs, truncated = probable_duplicates(kind=filters.get("kind", ""), min_score=min_score)
        merge_url = reverse("admin:actors_actor_merge")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Probable duplicate actors",
            "form": form if form.is_bound else DuplicateFilterForm(),
            "pairs": [
                {
                    "first": first,
                    "second": second,
                    "score": pair.score,
                    "first_name": pair.first_name,
                    "second_name": pair.second_name,
                    "merge_url": f"{merge_url}?{urlencode({'ids': f'{first.pk},{second.pk}'})}",
                }
                for first, second, pair in pairs
            ],
            "truncated": truncated,
            "can_merge": self.has_merge_permission(request),
        }
        return TemplateResponse(request, "admin/actors/actor/duplicates.html", context)

    @admin.display(description="Aliases")
    def alias_list(self, actor: Actor) -> str:
        names = [alias.name for alias in actor.aliases.all()]
        return ", ".join(names[:6]) + (" …" if len(names) > 6 else "")


@admin.register(ActorAlias)
class ActorAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "actor", "kind", "language"]
    list_filter = ["kind"]
    search_fields = ["name", "normalized", "actor__name"]
    autocomplete_fields = ["actor"]
    list_select_related = ["actor"]


@admin.register(Affiliation)
class AffiliationAdmin(SimpleHistoryAdmin):
    list_display = ["actor", "role", "organisation", "start_date", "end_date"]
    search_fields = ["actor__name", "role", "organisation__name"]
    autocomplete_fields = ["actor", "organisation"]
    list_select_related = ["actor", "organisation"]
