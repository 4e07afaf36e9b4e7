"""Staff back-office, under /back-office/ (namespace "backoffice")."""

from django.urls import include, path

app_name = "backoffice"
urlpatterns = [
    path("", include("dashboards.urls_backoffice_home")),  # the home, the switcher
    path("", include("adherents.urls_backoffice")),
    path("", include("suivi_sante.urls_backoffice")),
    path("prevention/", include("prevention.urls_backoffice")),
    path("independants/", include("tns.urls_backoffice")),
    path("qualite/", include("certification.urls_backoffice")),
    path("pdp/", include("pdp.urls_backoffice")),
    path("pilotage/", include("dashboards.urls_backoffice")),
    path("api/", include("api.urls_backoffice")),  # staff tokens of the indicators API
]
