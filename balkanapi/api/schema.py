"""OpenAPI generation tweaks: writes documented with their write shape, answered in the read shape."""

from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema


class AutoSchema(StandardizedErrorsAutoSchema):
    def get_response_serializers(self):
        view = self.view
        if getattr(view, "action", None) in getattr(view, "write_actions", ()) and hasattr(
            view, "get_read_serializer_class"
        ):
            return view.get_read_serializer_class()
        return super().get_response_serializers()
