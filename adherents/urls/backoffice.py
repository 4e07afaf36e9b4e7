from django.urls import path

from adherents.urls import billing, events, firms, imports, joining, requests, trajectory, workforce
from adherents.views import backoffice

app_name = "adherents"
urlpatterns = [
    path("adherents/", backoffice.adherent_list, name="adherent-list"),
    path("adherents/<int:pk>/", backoffice.adherent_detail, name="adherent-detail"),
    *joining.backoffice_patterns,
    *trajectory.backoffice_patterns,
    *firms.backoffice_patterns,
    *workforce.backoffice_patterns,
    *billing.backoffice_patterns,
    *requests.backoffice_patterns,
    *events.backoffice_patterns,
    *imports.backoffice_patterns,
]
