"""The superusers' console for the PDP cell's composition only: cases are health data and
stay out of the admin (their pages log every read)."""

from django.contrib import admin

from pdp.models import CellMember


@admin.register(CellMember)
class CellMemberAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "center",
        "function",
        "is_coordinator",
        "saturation_threshold",
        "ended_on",
    )
    list_filter = ("function", "is_coordinator")
    raw_id_fields = ("user", "designated_by")
    show_full_result_count = False
