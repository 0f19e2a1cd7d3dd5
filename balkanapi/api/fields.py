"""Serializer fields for a JSON-only API: values keep their JSON type, blanks are not quietly nulls.

DRF is lenient for HTML forms: it turns "" into None for related fields and coerces 1 into "1" or
"1" into 1. This API takes JSON bodies only, so such values are client mistakes and get a 400 naming
the field, exactly as the OpenAPI schema describes the body. Resource serializers derive from
`StrictModelSerializer`, which builds model fields from these classes.
"""

from django.core.validators import RegexValidator
from django.db import models
from django_countries import serializer_fields as countries_serializer_fields
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class _StrictJSONType:
    """Accept only the JSON types in `json_types` (bool is never a number here)."""

    json_types: tuple[type, ...] = (str,)
    invalid_code = "invalid"

    def to_internal_value(self, data):
        if (isinstance(data, bool) and bool not in self.json_types) or not isinstance(data, self.json_types):
            self.fail(self.invalid_code, input=data)
        return super().to_internal_value(data)


class CharField(_StrictJSONType, serializers.CharField):
    pass


class SlugField(_StrictJSONType, serializers.SlugField):
    pass


# What the API takes as a URL, in the schema and in validation alike: http(s), a host, no spaces.
URL_PATTERN = r"^https?://[^\s/?#]+([/?#]\S*)?$"


@extend_schema_field({"type": "string", "format": "uri", "pattern": URL_PATTERN})
class URLField(_StrictJSONType, serializers.CharField):
    """An absolute http(s) URL as written at the source.

    Not Django's URLValidator: it also applies DNS rules (e.g. 63-character labels) that are no
    business of an archive recording where an article was published.
    """

    default_error_messages = {"invalid": "Enter an absolute http:// or https:// URL."}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(RegexValidator(URL_PATTERN, self.error_messages["invalid"], code="invalid"))


class EmailField(_StrictJSONType, serializers.EmailField):
    pass


class DecimalField(_StrictJSONType, serializers.DecimalField):
    """Decimals travel as strings ("12.5"), as the API writes them, so no precision is lost in a float."""


class IntegerField(_StrictJSONType, serializers.IntegerField):
    json_types = (int,)


class FloatField(_StrictJSONType, serializers.FloatField):
    json_types = (int, float)


class BooleanField(_StrictJSONType, serializers.BooleanField):
    json_types = (bool,)


class CountryField(_StrictJSONType, countries_serializer_fields.CountryField):
    """An ISO 3166-1 code as a string (django-countries would also take an object)."""

    invalid_code = "invalid_choice"


class _NoBlank:
    # Read by drf-standardized-errors: documents the "blank" error code in the schema.
    allow_blank = False

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("blank")
        return super().run_validation(data)

    def _refuse_unstorable(self, data) -> None:
        """A key no record can have: the database would refuse even to compare it (items of lists too)."""
        if isinstance(data, str) and not _storable(data):
            self.fail("does_not_exist", slug_name=getattr(self, "slug_field", "pk"), value=data, pk_value=data)


def _storable(text: str) -> bool:
    """Text PostgreSQL can hold: no NUL character, no lone surrogate."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


class SlugRelatedField(_NoBlank, serializers.SlugRelatedField):
    default_error_messages = {"blank": "May not be blank; send null to leave it empty."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        self._refuse_unstorable(data)
        return super().to_internal_value(data)


class PrimaryKeyRelatedField(_NoBlank, serializers.PrimaryKeyRelatedField):
    default_error_messages = {"blank": "May not be blank; send null to leave it empty."}

    def to_internal_value(self, data):
        # Integer keys take JSON numbers, other keys (e.g. language codes) JSON strings.
        expected = int if isinstance(self.get_queryset().model._meta.pk, models.IntegerField) else str
        if isinstance(data, bool) or not isinstance(data, expected):
            self.fail("incorrect_type", data_type=type(data).__name__)
        self._refuse_unstorable(data)
        return super().to_internal_value(data)


_STRICT = {
    serializers.CharField: CharField,
    serializers.SlugField: SlugField,
    serializers.URLField: URLField,
    serializers.EmailField: EmailField,
    serializers.DecimalField: DecimalField,
    serializers.IntegerField: IntegerField,
    serializers.FloatField: FloatField,
    serializers.BooleanField: BooleanField,
}


class StrictModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose generated fields take only their own JSON type."""

    serializer_field_mapping = {
        model_field: _STRICT.get(field, field)
        for model_field, field in serializers.ModelSerializer.serializer_field_mapping.items()
    }
    serializer_related_field = PrimaryKeyRelatedField
