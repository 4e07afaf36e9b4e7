"""Member-portal URLs of prevention: one module per area, joined here."""

from prevention.urls import portal_actions, portal_duerp, portal_fiche, portal_workunits

app_name = "prevention"
urlpatterns = [
    *portal_workunits.urlpatterns,
    *portal_fiche.urlpatterns,
    *portal_duerp.urlpatterns,
    *portal_actions.urlpatterns,
]
