"""Member portal, under /espace-adherent/ (namespace "portal")."""

from django.urls import include, path

from spsti.views import portal

app_name = "portal"
urlpatterns = [
    path("", portal.dashboard, name="dashboard"),
    path("contexte/", portal.switch, name="switch"),
    path("aucune-entreprise/", portal.no_member, name="no-member"),
    path("", include("adherents.urls_portal")),
    path("", include("suivi_sante.urls_portal")),
    path("prevention/", include("prevention.urls_portal")),
    path("independant/", include("tns.urls_portal")),
    path("pdp/", include("pdp.urls_portal")),
]
