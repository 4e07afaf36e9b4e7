"""Back-office URLs of individual follow-up: each area's backoffice_patterns, joined here."""

from suivi_sante.agenda import urls as agenda
from suivi_sante.dmst import urls as dmst
from suivi_sante.protocols import urls as protocols
from suivi_sante.schedule import urls as schedule
from suivi_sante.suggestions import urls as suggestions
from suivi_sante.workers import urls as workers

app_name = "suivi_sante"
urlpatterns = [
    *workers.backoffice_patterns,
    *agenda.backoffice_patterns,
    *dmst.backoffice_patterns,
    *protocols.backoffice_patterns,
    *schedule.backoffice_patterns,
    *suggestions.backoffice_patterns,
]
