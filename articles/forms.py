"""Forms of the staff curation pages: adding an article from text, and filtering the review queue."""

from __future__ import annotations

import base64
import binascii

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect

from actors.models import Actor
from articles.ingest.decoding import MAX_INPUT_BYTES
from articles.models import Article, Claim, Outlet, Quote
from articles.review import QueueFilters

MAX_MIB = MAX_INPUT_BYTES // 1024 // 1024


def outlet_autocomplete() -> AutocompleteSelect:
    """The admin's outlet autocomplete (OutletAdmin.search_fields), as on the article page."""
    return AutocompleteSelect(Article._meta.get_field("outlet"), admin.site)


class IngestForm(forms.Form):
    """Step 1 (preview) and step 2 (save) of adding an article from text.

    The save step posts the same fields as hidden inputs: the pasted text, or the uploaded file's
    bytes in `file_data` (base64), so extraction runs again on exactly what was previewed.
    """

    text = forms.CharField(
        label="Article text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        help_text="Paste the article as plain text or as an HTML page.",
    )
    file = forms.FileField(
        label="Or upload a file",
        required=False,
        help_text=f"Plain text or HTML in UTF-8 or a legacy encoding of the region, at most {MAX_MIB} MiB.",
    )
    file_data = forms.CharField(required=False, widget=forms.HiddenInput)
    file_name = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.all(),
        required=False,
        widget=outlet_autocomplete(),
        help_text="Leave empty to take the outlet from the text's credit line.",
    )
    url = forms.URLField(
        label="URL",
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text="Canonical URL of the article, when known.",
    )
    published_on = forms.DateField(
        label="Publication date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leave empty to take the date from the text.",
    )

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("text") or ""
        upload = cleaned.get("file")
        if upload is not None and text.strip():
            raise forms.ValidationError("Paste text or upload a file, not both.")
        self.source_field = "text"
        if upload is not None:
            self.source_field = "file"
            if upload.size > MAX_INPUT_BYTES:
                self.add_error("file", f"Files over {MAX_MIB} MiB are not accepted.")
                return cleaned
            self.document: bytes | str = upload.read()
            self.document_name = upload.name or ""
        elif text:
            self.document = text
        elif cleaned.get("file_data"):
            self.source_field = "file"
            try:
                self.document = base64.b64decode(cleaned["file_data"], validate=True)
            except (binascii.Error, ValueError):
                raise forms.ValidationError("The previewed file was damaged in the form; upload it again.") from None
            self.document_name = cleaned.get("file_name") or ""
        else:
            raise forms.ValidationError("Paste the article text or choose a file.")
        return cleaned

    def carried_initial(self) -> dict:
        """The cleaned input as initial values, for the page that shows a preview and its Save form."""
        is_file = isinstance(self.document, bytes)
        return {
            "text": "" if is_file else self.document,
            "file_data": base64.b64encode(self.document).decode("ascii") if is_file else "",
            "file_name": getattr(self, "document_name", "") if is_file else "",
            "outlet": self.cleaned_data.get("outlet"),
            "url": self.cleaned_data.get("url") or "",
            "published_on": self.cleaned_data.get("published_on"),
        }


class ReviewFilterForm(forms.Form):
    """The review queue's filters (GET)."""

    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Quotes and claims"), ("quote", "Quotes"), ("claim", "Claims")],
    )
    outlet = forms.ModelChoiceField(queryset=Outlet.objects.all(), required=False, widget=outlet_autocomplete())
    published_after = forms.DateField(
        label="Published from", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    published_before = forms.DateField(
        label="Published to", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def filters(self) -> QueueFilters:
        """The valid filters; an invalid value is ignored (and shown as an error on the form)."""
        data = self.cleaned_data if self.is_valid() else {}
        return QueueFilters(
            outlet=data.get("outlet"),
            kind=data.get("kind") or "",
            published_after=data.get("published_after"),
            published_before=data.get("published_before"),
        )


class CurrentChoiceAutocomplete(AutocompleteSelect):
    """The admin's actor autocomplete, rendering its current choice from the record already loaded.

    The stock widget looks the selected actor up again for every row: one query per row of the queue.
    """

    def __init__(self, field, current: Actor | None, attrs: dict | None = None):
        super().__init__(field, admin.site, attrs=attrs)
        self.current = current

    def optgroups(self, name, value, attrs=None):
        options = [self.create_option(name, "", "", self.current is None, 0)]
        if self.current is not None:
            options.append(self.create_option(name, self.current.pk, str(self.current), True, 1))
        return [(None, options, 0)]


def speaker_widget(kind: str, current: Actor | None, label: str) -> CurrentChoiceAutocomplete:
    """Autocomplete on Quote.speaker or Claim.claimant (ActorAdmin's search: names and aliases)."""
    field = Quote._meta.get_field("speaker") if kind == "quote" else Claim._meta.get_field("claimant")
    return CurrentChoiceAutocomplete(field, current, attrs={"aria-label": label})
