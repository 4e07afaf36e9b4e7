"""Back-office URLs of prevention: fiche d'entreprise and the prevention visit."""

from django.urls import path

from prevention.views.backoffice import fiche, visits

urlpatterns = [
    path("fiches-entreprise/", fiche.fiche_list, name="fiche-list"),
    path("fiches-entreprise/<int:pk>/", fiche.fiche_detail, name="fiche-detail"),
    path("fiches-entreprise/ouvrir/<int:establishment_pk>/", fiche.fiche_open, name="fiche-open"),
    path(
        "fiches-entreprise/<int:pk>/nouvelle-version/",
        fiche.fiche_version_start,
        name="fiche-version-start",
    ),
    path(
        "fiches-entreprise/versions/<int:pk>/", fiche.fiche_version_edit, name="fiche-version-edit"
    ),
    path(
        "fiches-entreprise/versions/<int:pk>/valider/",
        fiche.fiche_version_validate,
        name="fiche-version-validate",
    ),
    path(
        "fiches-entreprise/versions/<int:pk>/transmettre/",
        fiche.fiche_version_send,
        name="fiche-version-send",
    ),
    path(
        "fiches-entreprise/versions/<int:pk>/pdf/",
        fiche.fiche_version_pdf,
        name="fiche-version-pdf",
    ),
    path("fiches-entreprise/photos/<int:pk>/", fiche.fiche_photo, name="fiche-photo"),
    path("rendez-vous/", visits.visit_list, name="visit-list"),
    path("rendez-vous/nouveau/", visits.visit_create, name="visit-create"),
    path("rendez-vous/<int:pk>/", visits.visit_detail, name="visit-detail"),
    path("rendez-vous/<int:pk>/compte-rendu/", visits.visit_record, name="visit-record"),
    path("rendez-vous/<int:pk>/courrier/", visits.visit_letter, name="visit-letter"),
    path("rendez-vous/<int:pk>/courrier/pdf/", visits.visit_letter_pdf, name="visit-letter-pdf"),
    path("rendez-vous/<int:pk>/preparer-fe/", visits.visit_seed_fiche, name="visit-seed-fiche"),
]
