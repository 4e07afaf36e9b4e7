"""Portal URLs of prevention: the member's fiches d'entreprise and prevention visit letters."""

from django.urls import path

from prevention.views.portal import fiche

urlpatterns = [
    path("fiches-entreprise/", fiche.fiche_list, name="fiche-list"),
    path("fiches-entreprise/<int:pk>/", fiche.fiche_version_detail, name="fiche-version-detail"),
    path("fiches-entreprise/<int:pk>/pdf/", fiche.fiche_version_pdf, name="fiche-version-pdf"),
    path(
        "fiches-entreprise/<int:pk>/accuse-reception/",
        fiche.fiche_acknowledge,
        name="fiche-acknowledge",
    ),
    path("rendez-vous/<int:pk>/courrier/pdf/", fiche.visit_letter_pdf, name="visit-letter-pdf"),
]
