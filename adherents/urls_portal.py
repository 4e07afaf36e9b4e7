"""Member-portal URLs of the membership area: each area's portal_patterns, joined here."""

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
    *members.portal_patterns,
    *joining.portal_patterns,
    *trajectory.portal_patterns,
    *firms.portal_patterns,
    *workforce.portal_patterns,
    *billing.portal_patterns,
    *requests.portal_patterns,
    *events.portal_patterns,
    *imports.portal_patterns,
]
