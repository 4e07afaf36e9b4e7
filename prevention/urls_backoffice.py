"""Back-office URLs of prevention: each area's backoffice_patterns, joined here."""

from prevention.actions import urls as actions
from prevention.chemicals import urls as chemicals
from prevention.duerp import urls as duerp
from prevention.fiche import urls as fiche
from prevention.visits import urls as visits
from prevention.workunits import urls as workunits

app_name = "prevention"
urlpatterns = [
    *workunits.backoffice_patterns,
    *fiche.backoffice_patterns,
    *visits.backoffice_patterns,
    *duerp.backoffice_patterns,
    *actions.backoffice_patterns,
    *chemicals.backoffice_patterns,
]
