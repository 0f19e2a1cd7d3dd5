"""OpenAPI generation tweaks: writes documented with their write shape, answered in the read shape."""

from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema


class AutoSchema(StandardizedErrorsAutoSchema):
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
