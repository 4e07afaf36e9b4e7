"""Member portal, under /espace-adherent/ (namespace "portal")."""

from django.urls import include, path

app_name = "portal"
urlpatterns = [
    path("", include("dashboards.urls_portal")),  # the home, the switcher
    path("", include("adherents.urls_portal")),
    path("", include("suivi_sante.urls_portal")),
    path("prevention/", include("prevention.urls_portal")),
    path("independant/", include("tns.urls_portal")),
    path("pdp/", include("pdp.urls_portal")),
    path("api/", include("api.urls_portal")),  # personal access tokens of the REST API
]
