"""Django admin for superusers: the offer's settings and the affiliations (administrative).

Screenings and proposals of contact are health data: they are not in the admin."""

from django.contrib import admin

from tns.models import TnsAffiliation, TnsOffer, WorkshopSession


@admin.register(TnsOffer)
class TnsOfferAdmin(admin.ModelAdmin):
    list_display = ["__str__", "team", "is_open", "vip_rhythm_months", "trigger_work_score"]
    raw_id_fields = ["team"]


@admin.register(TnsAffiliation)
class TnsAffiliationAdmin(admin.ModelAdmin):
    list_display = ["person", "adherent", "basis", "start_on", "end_on", "status"]
    raw_id_fields = ["person", "adherent", "invoice", "renewed_from"]
    readonly_fields = ["invoice", "renewed_from", "reminder_60_sent_on", "reminder_15_sent_on"]
    show_full_result_count = False


@admin.register(WorkshopSession)
class WorkshopSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "center", "starts_at", "capacity"]
    raw_id_fields = ["center", "facilitator"]
