"""Staff back-office, under /back-office/ (namespace "backoffice")."""

from django.urls import include, path

from spsti.views import backoffice

app_name = "backoffice"
urlpatterns = [
    path("", backoffice.dashboard, name="dashboard"),
    path("contexte/", backoffice.switch, name="switch"),
    path("", include("adherents.urls_backoffice")),
    path("", include("suivi_sante.urls_backoffice")),
    path("prevention/", include("prevention.urls_backoffice")),
    path("independants/", include("tns.urls_backoffice")),
    path("qualite/", include("certification.urls_backoffice")),
    path("pdp/", include("pdp.urls_backoffice")),
    path("pilotage/", include("dashboards.urls_backoffice")),
]
