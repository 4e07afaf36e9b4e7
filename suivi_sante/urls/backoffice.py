"""Back-office URLs of individual follow-up: one module per area, joined here."""

from suivi_sante.urls import (
    backoffice_agenda,
    backoffice_dmst,
    backoffice_due,
    backoffice_protocols,
    backoffice_suggestions,
    backoffice_workers,
)

app_name = "suivi_sante"
urlpatterns = [
    *backoffice_workers.urlpatterns,
    *backoffice_agenda.urlpatterns,
    *backoffice_dmst.urlpatterns,
    *backoffice_protocols.urlpatterns,
    *backoffice_due.urlpatterns,
    *backoffice_suggestions.urlpatterns,
]
