"""Django admin for superusers: big tables without full counts or list filters (stack-notes)."""

from django.contrib import admin

from adherents.models import (
    AccountingFirm,
    AccountingFirmMandate,
    AccountingFirmMember,
    Adherent,
    AdherentMembership,
    Establishment,
)


@admin.register(Adherent)
class AdherentAdmin(admin.ModelAdmin):
    list_display = ["name", "siren", "naf_code", "team", "status"]
    search_fields = ["name", "siren"]
    raw_id_fields = ["team"]
    show_full_result_count = False


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "adherent", "city"]
    search_fields = ["siret", "name"]
    raw_id_fields = ["adherent"]
    show_full_result_count = False


admin.site.register(AdherentMembership, raw_id_fields=["user", "adherent"])
admin.site.register(AccountingFirm)
admin.site.register(AccountingFirmMember, raw_id_fields=["user"])
admin.site.register(AccountingFirmMandate, raw_id_fields=["adherent"])
