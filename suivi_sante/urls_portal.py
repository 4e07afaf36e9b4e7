"""Member-portal URLs of individual follow-up: each area's portal_patterns, joined here."""

from suivi_sante.agenda import urls as agenda
from suivi_sante.documents import urls as documents
from suivi_sante.schedule import urls as schedule
from suivi_sante.workers import urls as workers

app_name = "suivi_sante"
urlpatterns = [
    *workers.portal_patterns,
    *agenda.portal_patterns,
    *documents.portal_patterns,
    *schedule.portal_patterns,
]
