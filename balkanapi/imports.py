"""Shared pieces for bulk import/export in the admin (django-import-export): safe cells and permissions.

Files staff upload come from spreadsheets and scrapers, and files they download are opened in spreadsheets,
so every resource here:

- strips control characters (and bidirectional-override characters, which can disguise text) from imported
  text cells; single-line fields also lose tabs and line breaks;
- refuses formula-like values (starting with = + - @) in the columns that name things, where a formula is
  never legitimate; free-text columns may keep them, because exports are escaped;
- escapes formula-like cells on export by prefixing a single quote (OWASP's advice for CSV injection),
  and removes that quote again on import, so an export imports back unchanged;
- limits the number of rows per file, since the dry run and the import are synchronous requests.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export import resources
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.instance_loaders import CachedInstanceLoader

from balkanapi.text import FORMULA_PREFIXES, escape_formula

MAX_IMPORT_ROWS = 5000
# C0 and C1 control characters except tab and line feed, and the bidi embedding/override/isolate controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\t\n]+")


def clean_text_cell(value: str, *, multiline: bool) -> str:
    """`value` without control characters, without our export's formula quote, and trimmed.

    Carriage returns become line feeds (spreadsheets write CRLF inside cells), or spaces on single lines.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        value = value[1:]  # quoted by our export, see escape_formula
    value = _CONTROL.sub("", value)
    if not multiline:
        value = _LINE_BREAKS.sub(" ", value)
    return value.strip()


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES[:4])


class SafeModelResource(resources.ModelResource):
    """A ModelResource that cleans imported cells, refuses formulas in name columns and escapes exports.

    Subclasses list the columns that may not start like a formula in `formula_free_columns`.
    """

    formula_free_columns: tuple[str, ...] = ()

    def before_import(self, dataset, **kwargs):
        if len(dataset) > MAX_IMPORT_ROWS:
            raise ValidationError(f"A file may hold at most {MAX_IMPORT_ROWS} rows; split it into several files.")
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        text_fields = self._text_columns()
        for column, value in row.items():
            model_field = text_fields.get(column)
            if isinstance(value, str):
                row[column] = clean_text_cell(value, multiline=isinstance(model_field, models.TextField))
            elif value is None and model_field is not None and not model_field.null:
                row[column] = ""  # an empty spreadsheet cell; these columns store blanks as ""
        super().before_import_row(row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        for column in self.formula_free_columns:
            if looks_like_formula(row.get(column)):
                field = self.fields[column]
                errors[field.attribute or column] = ValidationError(
                    "May not start with =, +, - or @ (it would run as a spreadsheet formula).", code="formula"
                )
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        # simple-history stores this with the version the import creates.
        instance._change_reason = f"Imported from {kwargs.get('file_name') or 'a file'}"
        super().before_save_instance(instance, row, **kwargs)

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def _text_columns(self) -> dict[str, models.Field]:
        """Column name -> model field, for the columns that hold text (CharField, TextField and their kin)."""
        columns = {}
        for name, field in self.fields.items():
            try:
                model_field = self._meta.model._meta.get_field(field.attribute or name)
            except FieldDoesNotExist:  # a column of our own, such as a list of aliases
                continue
            if isinstance(model_field, (models.CharField, models.TextField)):
                columns[field.column_name] = model_field
        return columns


class GuardedImportExportMixin(ImportExportMixin):
    """Import and export in the admin, as CSV or XLSX, for staff with the model's permissions.

    Importing needs both "add" and "change" (a file creates and updates rows); exporting needs "view".
    A confirmed import that no longer validates (the data changed since the dry run) is rolled back whole.
    """

    formats = [CSV, XLSX]

    def has_import_permission(self, request) -> bool:
        opts = self.opts
        can_change = request.user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}")
        return super().has_import_permission(request) and can_change

    def get_import_data_kwargs(self, **kwargs):
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                "Nothing was imported: the file no longer validates against the current data. "
                "Upload it again to see the row errors.",
            )
            app_label, model_name = self.get_model_info()
            return HttpResponseRedirect(reverse(f"admin:{app_label}_{model_name}_import"))
        return super().process_result(result, request)


class SlugKeyedResource(SafeModelResource):
    """A safe resource whose rows are found by slug, so a re-imported export updates instead of duplicating."""

    formula_free_columns = ("name", "slug")

    class Meta:
        import_id_fields = ("slug",)
        instance_loader_class = CachedInstanceLoader  # one query for all the file's slugs
        clean_model_instances = True  # model validators (slug, Wikidata id, kind, country) give row errors
        skip_unchanged = True  # re-importing an export changes nothing, and adds no history or feed noise
        report_skipped = True
