"""Member-portal URLs of prevention: each area's portal_patterns, joined here."""

from prevention.actions import urls as actions
from prevention.chemicals import urls as chemicals
from prevention.duerp import urls as duerp
from prevention.fiche import urls as fiche
from prevention.workunits import urls as workunits

app_name = "prevention"
urlpatterns = [
    *workunits.portal_patterns,
    *fiche.portal_patterns,
    *duerp.portal_patterns,
    *actions.portal_patterns,
    *chemicals.portal_patterns,
]
