from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(func, *args, **kwargs) -> tuple[int, object]:
    """Run `func` and return (number of SQL queries it made, its result)."""
    with CaptureQueriesContext(connection) as context:
        result = func(*args, **kwargs)
    return len(context.captured_queries), result


def admin_export(client, model, resource_class, file_format: int = 0):
    """Export every row of `model` through its admin (format 0 is CSV, 1 is XLSX) and return the response."""
    from django.urls import reverse

    opts = model._meta
    prefix = resource_class.__name__.lower()
    data = {"format": str(file_format), **{f"{prefix}_{name}": "on" for name in resource_class().get_export_order()}}
    return client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_export"), data)


def admin_import_dry_run(client, model, content: bytes, name: str = "upload.csv", file_format: int = 0):
    """Upload a file to the model's admin import page: the dry run with its preview (nothing is saved)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    opts = model._meta
    return client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_import"),
        {"format": str(file_format), "import_file": SimpleUploadedFile(name, content)},
    )


def admin_import(client, model, content: bytes, name: str = "upload.csv", file_format: int = 0):
    """Dry run, then confirm, like staff clicking "Submit" and "Confirm import"; returns the final response."""
    from django.urls import reverse

    preview = admin_import_dry_run(client, model, content, name, file_format)
    confirm = preview.context.get("confirm_form")
    if confirm is None:
        result = preview.context.get("result")
        problems = (
            [(row.number, row.error_dict) for row in result.invalid_rows]
            + [(line, [str(error.error) for error in errors]) for line, errors in result.row_errors()]
            + [str(error.error) for error in result.base_errors]
            if result
            else preview.context["form"].errors
        )
        raise AssertionError(f"the dry run found errors: {problems}")
    opts = model._meta
    return client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_process_import"), confirm.initial, follow=True
    )
