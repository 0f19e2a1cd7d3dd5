"""Staff curation of actors: aliases and affiliations inline, accent-insensitive search."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

import balkanapi.token_admin  # noqa: F401 - replaces DRF's token admin (keys shown once)
from actors.models import Actor, ActorAlias, Affiliation
from balkanapi.admin_actions import REVIEW_ACTIONS


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


@admin.register(Actor)
class ActorAdmin(NameOrAliasSearchMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "alias_list", "origin", "review_status", "wikidata_id", "updated_at"]
    list_filter = ["kind", "origin", "review_status", "country"]
    search_fields = ["name"]  # the mixin widens this to aliases, accent-insensitively
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ActorAliasInline, AffiliationInline]
    actions = REVIEW_ACTIONS
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

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
