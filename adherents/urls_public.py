"""Public pages of the membership area (no login): joining, partner answers, surveys."""

from adherents.billing import urls as billing
from adherents.events import urls as events
from adherents.firms import urls as firms
from adherents.imports import urls as imports
from adherents.joining import urls as joining
from adherents.members import urls as members
from adherents.requests import urls as requests
from adherents.trajectory import urls as trajectory
from adherents.workforce import urls as workforce

app_name = "public"
urlpatterns = [
    *members.public_patterns,
    *joining.public_patterns,
    *trajectory.public_patterns,
    *firms.public_patterns,
    *workforce.public_patterns,
    *billing.public_patterns,
    *requests.public_patterns,
    *events.public_patterns,
    *imports.public_patterns,
]
