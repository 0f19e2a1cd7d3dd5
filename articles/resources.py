"""Bulk import/export of outlets and topics (admin, CSV or XLSX), keyed by slug so re-imports update rows."""

from __future__ import annotations

from import_export import fields, widgets

from articles.models import Language, Outlet, Topic
from balkanapi.imports import SlugKeyedResource


class LanguageCodeWidget(widgets.ForeignKeyWidget):
    """A language by its code ("sr", "sq"); an unknown code is a row error that names it, not a traceback."""

    def __init__(self):
        super().__init__(Language, field="code")

    def clean(self, value, row=None, **kwargs):
        code = (value or "").strip() if isinstance(value, str) else value
        if not code:
            return None
        try:
            return super().clean(code, row, **kwargs)
        except Language.DoesNotExist:
            raise ValueError(f"Unknown language code {code!r}; add the language first.") from None


class OutletResource(SlugKeyedResource):
    language = fields.Field(attribute="language", column_name="language", widget=LanguageCodeWidget())

    class Meta:
        model = Outlet
        fields = ("slug", "name", "kind", "country", "language", "homepage", "ownership", "description")
        export_order = fields


class TopicResource(SlugKeyedResource):
    class Meta:
        model = Topic
        fields = ("slug", "name", "description")
        export_order = fields
