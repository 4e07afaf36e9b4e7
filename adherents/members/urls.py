"""URLs of members: establishments and their convocation preferences, the member's service
(portal), the member list, member page and the service's internal notes (staff)."""

from django.urls import path

from adherents.members import views_backoffice as backoffice
from adherents.members import views_backoffice_notes as notes
from adherents.members import views_portal as portal

public_patterns: list = []  # mounted at the site root, namespace "public"
portal_patterns: list = [  # under /espace-adherent/, namespace "portal:adherents"
    path("votre-service/", portal.service, name="service"),
    path("etablissements/", portal.establishment_list, name="establishment-list"),
    path("etablissements/<int:pk>/", portal.establishment_detail, name="establishment-detail"),
    path(
        "etablissements/<int:pk>/preferences/",
        portal.establishment_preferences,
        name="establishment-preferences",
    ),
]
backoffice_patterns: list = [  # under /back-office/, namespace "backoffice:adherents"
    path("adherents/", backoffice.adherent_list, name="adherent-list"),
    path("adherents/<int:pk>/", backoffice.adherent_detail, name="adherent-detail"),
    path("adherents/<int:pk>/fin-adhesion/", backoffice.adherent_end, name="adherent-end"),
    # The service's internal notes on a member: staff only, never in the portal nor the API.
    path("adherents/<int:pk>/notes/", notes.note_list, name="adherent-notes"),
    path("adherents/<int:pk>/notes/ajouter/", notes.note_add, name="adherent-note-add"),
    path("adherents/notes/<int:pk>/retirer/", notes.note_withdraw, name="adherent-note-withdraw"),
]
