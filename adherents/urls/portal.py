from django.urls import path

from adherents.urls import billing, events, firms, imports, joining, requests, trajectory, workforce
from adherents.views import portal

app_name = "adherents"
urlpatterns = [
    path("etablissements/", portal.establishment_list, name="establishment-list"),
    path("etablissements/<int:pk>/", portal.establishment_detail, name="establishment-detail"),
    path(
        "etablissements/<int:pk>/preferences/",
        portal.establishment_preferences,
        name="establishment-preferences",
    ),
    *joining.portal_patterns,
    *trajectory.portal_patterns,
    *firms.portal_patterns,
    *workforce.portal_patterns,
    *billing.portal_patterns,
    *requests.portal_patterns,
    *events.portal_patterns,
    *imports.portal_patterns,
]
