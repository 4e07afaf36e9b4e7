"""URLs of the joining area: the public application, its review, the member's contacts."""

from django.urls import path

from adherents.joining import views_backoffice as joining_backoffice
from adherents.joining import views_portal as joining_portal
from adherents.joining import views_public as joining_public

# Mounted at the site root, namespace "public".
public_patterns: list = [
    path("adhesion/demande/", joining_public.start, name="joining-start"),
    path("adhesion/demande/lien-perdu/", joining_public.lost_link, name="joining-lost-link"),
    path("adhesion/demande/<str:token>/", joining_public.resume, name="joining-resume"),
    path(
        "adhesion/demande/<str:token>/transmettre/",
        joining_public.handoff,
        name="joining-handoff",
    ),
    path("adhesion/demande/<str:token>/envoyer/", joining_public.submit, name="joining-submit"),
    path("adhesion/demande/<str:token>/<slug:slug>/", joining_public.step, name="joining-step"),
]

# Under /espace-adherent/, namespace "portal:adherents".
portal_patterns: list = [
    path("contacts/", joining_portal.contact_list, name="joining-contact-list"),
    path("contacts/nouveau/", joining_portal.contact_create, name="joining-contact-create"),
    path("contacts/<int:pk>/fin/", joining_portal.contact_end, name="joining-contact-end"),
    path(
        "etablissements/nouveau/",
        joining_portal.establishment_create,
        name="joining-establishment-create",
    ),
    path(
        "liste-de-demarrage/masquer/",
        joining_portal.checklist_dismiss,
        name="joining-checklist-dismiss",
    ),
]

# Under /back-office/, namespace "backoffice:adherents".
backoffice_patterns: list = [
    path("adhesions/", joining_backoffice.application_list, name="joining-application-list"),
    path(
        "adhesions/<int:pk>/",
        joining_backoffice.application_detail,
        name="joining-application-detail",
    ),
    path(
        "adhesions/<int:pk>/corrections/",
        joining_backoffice.application_request_changes,
        name="joining-application-request-changes",
    ),
    path(
        "adhesions/<int:pk>/refus/",
        joining_backoffice.application_reject,
        name="joining-application-reject",
    ),
    path(
        "adhesions/<int:pk>/validation/",
        joining_backoffice.application_validate,
        name="joining-application-validate",
    ),
    path(
        "adhesions/<int:pk>/courrier.pdf",
        joining_backoffice.application_letter,
        name="joining-application-letter",
    ),
    path(
        "adherents/<int:pk>/acces-portail/",
        joining_backoffice.portal_access,
        name="joining-portal-access",
    ),
    path(
        "acces-portail/<int:pk>/renvoyer/",
        joining_backoffice.invitation_resend,
        name="joining-invitation-resend",
    ),
]
