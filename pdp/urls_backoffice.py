"""Back-office URLs of the PDP app, under /back-office/pdp/: the areas' lists joined."""

from pdp.awareness import urls as awareness
from pdp.caseload import urls as caseload
from pdp.cases import urls as cases
from pdp.consents import urls as consents
from pdp.plans import urls as plans
from pdp.reviews import urls as reviews

app_name = "pdp"
urlpatterns = [
    *cases.backoffice_patterns,
    *consents.backoffice_patterns,
    *plans.backoffice_patterns,
    *reviews.backoffice_patterns,
    *caseload.backoffice_patterns,
    *awareness.backoffice_patterns,
]
