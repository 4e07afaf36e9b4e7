"""Back-office URLs of prevention: one module per area, joined here."""

from prevention.urls import (
    backoffice_actions,
    backoffice_duerp,
    backoffice_fiche,
    backoffice_workunits,
)

app_name = "prevention"
urlpatterns = [
    *backoffice_workunits.urlpatterns,
    *backoffice_fiche.urlpatterns,
    *backoffice_duerp.urlpatterns,
    *backoffice_actions.urlpatterns,
]
