"""Staff back-office, under /back-office/ (namespace "backoffice")."""

from django.urls import include, path

from spsti.views import backoffice

app_name = "backoffice"
urlpatterns = [
    path("", backoffice.dashboard, name="dashboard"),
    path("contexte/", backoffice.switch, name="switch"),
    path("", include("adherents.urls.backoffice")),
    path("", include("suivi_sante.urls.backoffice")),
    path("prevention/", include("prevention.urls.backoffice")),
    path("pdp/", include("pdp.urls_backoffice")),
]
