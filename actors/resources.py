"""Bulk import/export of actors with their aliases (admin, CSV or XLSX), keyed by slug.

Aliases travel as one column, "aliases", joined by " | ". On import that column is the full list: aliases
missing from it are removed, new ones are added (kind "name"), and those kept keep their kind and language.
Leaving the column out of a file leaves aliases alone.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from actors.models import Actor, ActorAlias, ActorRedirect
from balkanapi.imports import SlugKeyedResource, looks_like_formula

ALIAS_SEPARATOR = " | "


class AliasListWidget(widgets.Widget):
    """A " | "-separated cell <-> a list of distinct alias names."""

    def clean(self, value, row=None, **kwargs) -> list[str]:
        if value is None:
            return []
        names = list(dict.fromkeys(part.strip() for part in str(value).split("|") if part.strip()))
        max_length = ActorAlias._meta.get_field("name").max_length
        for name in names:
            if len(name) > max_length:
                raise ValueError(f"Alias {name[:40]!r}… is longer than {max_length} characters.")
            if looks_like_formula(name):
                raise ValueError(f"Alias {name!r} may not start with =, +, - or @.")
        return names

    def render(self, value, obj=None, **kwargs) -> str:
        return ALIAS_SEPARATOR.join(value or [])


class BlankIsNullWidget(widgets.CharWidget):
    """Text where an empty cell means NULL (unique-when-present columns such as the Wikidata id)."""

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs)
        return value or None


class ActorResource(SlugKeyedResource):
    aliases = fields.Field(attribute="alias_names", column_name="aliases", widget=AliasListWidget())
    # Blank Wikidata ids must be NULL, not "", or the unique constraint sees every blank as the same id.
    wikidata_id = fields.Field(attribute="wikidata_id", column_name="wikidata_id", widget=BlankIsNullWidget())

    class Meta:
        model = Actor
        fields = ("slug", "name", "kind", "country", "wikidata_id", "description", "aliases")
        export_order = fields

    def after_init_instance(self, instance, new, row, **kwargs):
        # The current aliases, so the preview's diff and skip_unchanged compare them like any other column.
        instance.alias_names = [] if new else [alias.name for alias in instance.aliases.all()]

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        redirect = None
        if instance.pk is None:
            redirect = ActorRedirect.objects.select_related("target").filter(old_slug=row.get("slug")).first()
        if redirect is not None:
            # Re-importing an old export must not bring back an actor that was merged into another.
            errors["slug"] = ValidationError(
                f"This actor was merged into {redirect.target.name}; use the slug {redirect.target.slug!r}.",
                code="merged",
            )
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "alias_names" in errors:
            errors["aliases"] = errors.pop("alias_names")  # the column's name, as staff see it in the file
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        """Make the actor's aliases exactly the imported list (within the import's transaction)."""
        super().after_save_instance(instance, row, **kwargs)
        if "aliases" not in row:
            return
        wanted = instance.alias_names
        current = {alias.name: alias for alias in instance.aliases.all()}
        reason = getattr(instance, "_change_reason", None)
        for name, alias in current.items():
            if name not in wanted:
                alias._change_reason = reason
                alias.delete()  # one by one, so each removal is in the alias history
        for name in wanted:
            if name not in current:
                alias = ActorAlias(actor=instance, name=name)
                alias._change_reason = reason
                alias.save()

    def dehydrate_aliases(self, actor: Actor) -> str:
        return ALIAS_SEPARATOR.join(alias.name for alias in actor.aliases.all())
