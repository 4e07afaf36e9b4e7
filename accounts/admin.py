"""Django admin, for superusers only (spsti/urls.py): a technical console, not a back-office."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts import activation
from accounts.models import AccessLog, HealthCenter, StaffAssignment, Team, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "kind", "is_active"]
    search_fields = ["email", "last_name"]
    list_filter = ["kind", "is_active"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["email", "password", "kind"]}),
        ("Identité", {"fields": ["first_name", "last_name", "phone"]}),
        ("Droits techniques", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "kind", "password1", "password2"]})]

    def response_add(self, request, obj, post_url_continue=None):
        """A new staff account activates through its link (password and TOTP together)."""
        if obj.is_service_staff:
            url = activation.new_link(obj)
            activation.send_link(obj, url)
            messages.success(
                request,
                f"Lien d'activation envoyé à {obj.email} (usage unique, "
                f"{settings.SPSTI_STAFF_ACTIVATION_HOURS} h) : {url}",
            )
        return super().response_add(request, obj, post_url_continue)


admin.site.register(HealthCenter)
admin.site.register(Team)


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "center", "team", "role", "ended_on"]
    raw_id_fields = ["user"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only in the database too."""

    list_display = ["at", "user", "action", "object_type", "object_id"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
