"""Member-portal URLs of individual follow-up: one module per area, joined here."""

from suivi_sante.urls import portal_convocations, portal_documents, portal_due, portal_workers

app_name = "suivi_sante"
urlpatterns = [
    *portal_workers.urlpatterns,
    *portal_convocations.urlpatterns,
    *portal_documents.urlpatterns,
    *portal_due.urlpatterns,
]
