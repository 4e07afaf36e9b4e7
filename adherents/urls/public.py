"""Public pages of the membership area (no login): joining, partner answers, surveys."""

from adherents.urls import billing, events, firms, imports, joining, requests, trajectory, workforce

app_name = "public"
urlpatterns = [
    *joining.public_patterns,
    *trajectory.public_patterns,
    *firms.public_patterns,
    *workforce.public_patterns,
    *billing.public_patterns,
    *requests.public_patterns,
    *events.public_patterns,
    *imports.public_patterns,
]
