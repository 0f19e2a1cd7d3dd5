"""Bulk import/export of outlets and topics (admin, CSV or XLSX), keyed by slug so re-imports update rows."""

from __future__ import annotations

from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader

from articles.models import Language, Outlet, Topic
from balkanapi.imports import SafeModelResource


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


class OutletResource(SafeModelResource):
    language = fields.Field(attribute="language", column_name="language", widget=LanguageCodeWidget())

    formula_free_columns = ("name", "slug")

    class Meta:
        model = Outlet
        fields = ("slug", "name", "kind", "country", "language", "homepage", "ownership", "description")
        export_order = fields
        import_id_fields = ("slug",)
        instance_loader_class = CachedInstanceLoader
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class TopicResource(SafeModelResource):
    formula_free_columns = ("name", "slug")

    class Meta:
        model = Topic
        fields = ("slug", "name", "description")
        export_order = fields
        import_id_fields = ("slug",)
        instance_loader_class = CachedInstanceLoader
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
