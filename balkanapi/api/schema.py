"""OpenAPI generation tweaks: writes documented with their write shape, answered in the read shape."""

import re

from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema
from drf_standardized_errors.openapi_serializers import ClientErrorEnum, ServerErrorEnum, ValidationErrorEnum
from drf_standardized_errors.openapi_utils import get_flat_serializer_fields, get_serializer_fields_with_error_codes
from drf_standardized_errors.settings import package_settings
from rest_framework import serializers

# 400s the views raise for parameters that are not serializer or filter fields.
LIST_PARAMETER_ERRORS = {
    "page": {"invalid"},
    "page_size": {"invalid"},
    "ordering": {"invalid"},
    "fields": {"invalid"},
    "expand": {"invalid"},
    "q": {"max_length", "too_many_terms", "invalid"},
}
DETAIL_PARAMETER_ERRORS = {"fields": {"invalid"}, "expand": {"invalid"}}
WRITE_ERRORS = {"Idempotency-Key": {"invalid"}, "non_field_errors": {"invalid"}}
INGEST_ERRORS = {
    "text": {"empty", "binary", "too_large", "undecodable", "no_body", "invalid"},
    "file": {"empty", "binary", "too_large", "undecodable", "no_body", "invalid"},
}


def _error_response_serializer(status_code: int, codes: list[str], types: list[str], attr_help: str):
    """An error response in the API's format for a status drf-standardized-errors does not describe."""
    error = type(
        f"Error{status_code}Serializer",
        (serializers.Serializer,),
        {
            "code": serializers.ChoiceField(choices=codes),
            "detail": serializers.CharField(),
            "attr": serializers.CharField(allow_null=True, help_text=attr_help),
        },
    )
    return type(
        f"ErrorResponse{status_code}Serializer",
        (serializers.Serializer,),
        {"type": serializers.ChoiceField(choices=types), "errors": error(many=True)},
    )


CONFLICT_ERROR_TYPES = [*ClientErrorEnum.choices, *ValidationErrorEnum.choices]
# Referenced by DRF_STANDARDIZED_ERRORS["ERROR_SCHEMAS"].
ErrorResponse409Serializer = _error_response_serializer(
    409,
    ["unique", "conflict", "idempotency_conflict"],
    CONFLICT_ERROR_TYPES,
    "The field whose value is already taken (code `unique`); null otherwise.",
)
ErrorResponse412Serializer = _error_response_serializer(
    412, ["precondition_failed"], ClientErrorEnum.choices, "Always null."
)
ErrorResponse413Serializer = _error_response_serializer(
    413, ["payload_too_large"], ClientErrorEnum.choices, "Always null."
)
ErrorResponse503Serializer = _error_response_serializer(
    503, ["database_unavailable", "query_timeout"], ServerErrorEnum.choices, "Always null."
)
WRITES = ("POST", "PUT", "PATCH", "DELETE")


class AutoSchema(StandardizedErrorsAutoSchema):
    def _should_add_error_response(self, responses: dict, status_code: str) -> bool:
        """409 (conflict) on writes, 412 (stale If-Match) on edits, 413 on bodies; 503 anywhere."""
        if status_code in ("409", "413"):
            return self.method in WRITES and status_code not in responses
        if status_code == "412":
            return self.method in ("PUT", "PATCH", "DELETE") and status_code not in responses
        return super()._should_add_error_response(responses, status_code)

    def _determine_fields_with_error_codes(self):
        """Query parameters read through a serializer (`query_serializer_class`) document their errors too."""
        fields = super()._determine_fields_with_error_codes()
        query_serializer_class = getattr(self.view, "query_serializer_class", None)
        if self.method == "GET" and query_serializer_class is not None:
            query_fields = get_serializer_fields_with_error_codes(get_flat_serializer_fields(query_serializer_class()))
            for query_field in query_fields:
                # Cross-parameter checks in the serializer's validate() name the parameter with code "invalid".
                query_field.error_codes = set(query_field.error_codes) | {"invalid"}
            fields += [field for field in query_fields if field.name != "non_field_errors"]
        return fields

    def _get_extra_validation_errors(self):
        extra = dict(super()._get_extra_validation_errors())
        action = getattr(self.view, "action", None)
        additions = {}
        if self.method == "GET" and (action == "list" or not hasattr(self.view, "action")):
            additions = LIST_PARAMETER_ERRORS
        elif self.method == "GET":
            additions = DETAIL_PARAMETER_ERRORS
        elif self.method in ("POST", "PUT", "PATCH"):
            additions = {**WRITE_ERRORS, **(INGEST_ERRORS if self.view.__class__.__name__ == "IngestView" else {})}
        for field, codes in additions.items():
            extra[field] = set(extra.get(field, set())) | codes
        return extra

    def get_auth(self):
        """Reads are anonymous unless API_REQUIRE_AUTH: say so, as `{}` among the security requirements."""
        from django.conf import settings
        from rest_framework import permissions

        from balkanapi.api.permissions import ModelPermissionsWithReadPolicy

        auths = super().get_auth()
        policy = any(isinstance(p, ModelPermissionsWithReadPolicy) for p in self.view.get_permissions())
        if policy and self.method in permissions.SAFE_METHODS and not settings.API_REQUIRE_AUTH and {} not in auths:
            auths.append({})
        return auths

    def get_response_serializers(self):
        view = self.view
        if getattr(view, "action", None) in getattr(view, "write_actions", ()) and hasattr(
            view, "get_read_serializer_class"
        ):
            return view.get_read_serializer_class()
        return super().get_response_serializers()


def document_empty_query_values(result, generator, request, public):
    """Every list parameter treats an empty value (`?q=`) as absent: say so in the schema."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if (
                    parameter.get("in") == "query"
                    and parameter.get("name") not in ("cursor",)
                    and not parameter.get("required")
                ):
                    parameter["allowEmptyValue"] = True
    return result


def document_list_indexes(result, generator, request, public):
    """Error `attr`s inside lists carry the item's index (`aliases.0.name`): document them as patterns.

    drf-standardized-errors names them with a placeholder (`aliases.INDEX.name`), which no real
    response matches; a pattern with a number in that place describes the actual values.
    """
    placeholder = package_settings.LIST_INDEX_IN_API_SCHEMA
    for component in result.get("components", {}).get("schemas", {}).values():
        attr = component.get("properties", {}).get("attr") if isinstance(component, dict) else None
        if not attr or len(attr.get("enum", [])) != 1:
            continue
        (name,) = attr["enum"]
        if placeholder not in name and name.endswith(".non_field_errors"):
            # A nested object or list that is itself wrong (null, not a list) is reported at its own name.
            prefix = re.escape(name.removesuffix(".non_field_errors"))
            attr.pop("enum")
            attr["pattern"] = rf"^{prefix}(\.non_field_errors)?$"
            attr["description"] = f"`{name}`, or the field's own name when the value itself is wrong."
            continue
        if placeholder not in name:
            continue
        parts = [re.escape(part) for part in name.split(placeholder)]
        pattern = r"\d+".join(parts)
        # An item that is not an object at all (null, a number) is reported at the item itself.
        pattern = pattern.replace(r"\.non_field_errors", r"(\.non_field_errors)?")
        attr.pop("enum")
        attr["pattern"] = f"^{pattern}$"
        attr["description"] = f"`{name}`, {placeholder} being the item's position (from 0)."
    return result


def document_sparse_fields(result, generator, request, public):
    """List items may lack any property that `fields=` leaves out: list responses say so.

    Each paginated list gets its own item component, `<Item>Fields`, a copy of the full component
    without `required`; detail responses keep the full component, where every property is present.
    """
    schemas = result.get("components", {}).get("schemas", {})
    sparse_lists = set()
    for path in result.get("paths", {}).values():
        operation = path.get("get")
        if not operation or not any(p.get("name") == "fields" for p in operation.get("parameters", [])):
            continue
        ref = operation["responses"].get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
        if "$ref" in ref:
            sparse_lists.add(ref["$ref"].rsplit("/", 1)[-1])
    for name in sparse_lists:
        items = schemas.get(name, {}).get("properties", {}).get("results", {}).get("items", {})
        item_name = items.get("$ref", "").rsplit("/", 1)[-1]
        if item_name not in schemas:
            continue
        partial = {key: value for key, value in schemas[item_name].items() if key != "required"}
        partial["description"] = f"{item_name} as listed: every property is present unless `fields` leaves it out."
        schemas[f"{item_name}Fields"] = partial
        items["$ref"] = f"#/components/schemas/{item_name}Fields"
    return result


def document_ingest_alternatives(result, generator, request, public):
    """The ingest body carries the article as `text` or as `file`: exactly one of them."""
    body = result.get("components", {}).get("schemas", {}).get("IngestRequestRequest")
    if body is not None:
        body["oneOf"] = [{"required": ["text"]}, {"required": ["file"]}]
        body["properties"]["file"]["minLength"] = 1  # an empty upload is no article
    operation = result.get("paths", {}).get("/api/v1/ingest/", {}).get("post")
    if operation and "requestBody" in operation:
        operation["requestBody"]["required"] = True
    return result


# Text the API stores has no NUL character (PostgreSQL cannot hold one; the API refuses it). Lone
# surrogates are refused too, but a pattern cannot name them portably (JSON Schema regex engines differ).
STORABLE_TEXT = "^[^\\u0000]*$"


def document_storable_text(result, generator, request, public):
    """Free-text request fields and query parameters say which characters they take."""

    def restrict(schema: dict) -> None:
        if schema.get("type") == "string" and not {"pattern", "enum", "format"} & schema.keys():
            schema["pattern"] = STORABLE_TEXT
        for child in schema.get("properties", {}).values():
            restrict(child)
        if isinstance(schema.get("items"), dict):
            restrict(schema["items"])

    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            restrict(component)
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query":
                    restrict(parameter.get("schema", {}))
    return result
