"""Back-office URLs of the membership area: each area's backoffice_patterns, joined here."""

from adherents.billing import urls as billing
from adherents.events import urls as events
from adherents.firms import urls as firms
from adherents.imports import urls as imports
from adherents.joining import urls as joining
from adherents.members import urls as members
from adherents.requests import urls as requests
from adherents.trajectory import urls as trajectory
from adherents.workforce import urls as workforce

app_name = "adherents"
urlpatterns = [
    *members.backoffice_patterns,
    *joining.backoffice_patterns,
    *trajectory.backoffice_patterns,
    *firms.backoffice_patterns,
    *workforce.backoffice_patterns,
    *billing.backoffice_patterns,
    *requests.backoffice_patterns,
    *events.backoffice_patterns,
    *imports.backoffice_patterns,
]
