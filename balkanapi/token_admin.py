"""API tokens in the admin: created by staff, the key shown once, listed only by a short prefix, revocable."""

from django.contrib import admin, messages
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy


class OneTimeTokenAdmin(TokenAdmin):
    list_display = ["masked_key", "user", "created"]
    fields = ["user"]
    search_fields = ["user__username"]

    @admin.display(description="Key")
    def masked_key(self, token) -> str:
        return f"{token.key[:6]}…"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            self.message_user(
                request,
                f"Token for {obj.user}: {obj.key} — copy it now, it will not be shown again. "
                "Delete the token to revoke it.",
                messages.WARNING,
            )

    def has_change_permission(self, request, obj=None):
        return False  # a token is revoked (deleted) and re-issued, never edited


admin.site.unregister(TokenProxy)
admin.site.register(TokenProxy, OneTimeTokenAdmin)
