"""URLs of the requests inbox (seed 000); names prefixed "requests-" (namespace adherents)."""

from django.urls import path

from adherents.requests import views_backoffice as backoffice
from adherents.requests import views_portal as portal
from adherents.requests import views_public as public

# Mounted at the site root, namespace "public": the partner's answer by its secret link.
public_patterns: list = [
    path(
        "partenaires/reponse/<str:token>/",
        public.partner_answer,
        name="requests-partner-answer",
    ),
]

# Under /espace-adherent/, namespace "portal:adherents".
portal_patterns: list = [
    path("demandes/", portal.request_list, name="requests-list"),
    path("demandes/nouvelle/", portal.request_create, name="requests-create"),
    path("demandes/<int:pk>/", portal.request_detail, name="requests-detail"),
    path("demandes/<int:pk>/repondre/", portal.request_reply, name="requests-reply"),
    path("demandes/<int:pk>/satisfaction/", portal.request_rate, name="requests-rate"),
]

# Under /back-office/, namespace "backoffice:adherents".
backoffice_patterns: list = [
    path("demandes/", backoffice.inbox, name="requests-inbox"),
    path("demandes/enregistrer/", backoffice.log_request, name="requests-log"),
    path(
        "demandes/transmissions-en-retard/",
        backoffice.overdue_referrals,
        name="requests-referrals-overdue",
    ),
    path("demandes/rapport/", backoffice.report, name="requests-report"),
    path("demandes/<int:pk>/", backoffice.request_detail, name="requests-detail"),
    path("demandes/<int:pk>/attribuer/", backoffice.request_assign, name="requests-assign"),
    path("demandes/<int:pk>/repondre/", backoffice.request_answer, name="requests-answer"),
    path("demandes/<int:pk>/note/", backoffice.request_note, name="requests-note"),
    path("demandes/<int:pk>/transmettre/", backoffice.request_route, name="requests-route"),
    path("demandes/<int:pk>/cloturer/", backoffice.request_close, name="requests-close"),
    path("partenaires/", backoffice.partner_list, name="requests-partner-list"),
    path("partenaires/nouveau/", backoffice.partner_edit, name="requests-partner-create"),
    path("partenaires/<int:pk>/modifier/", backoffice.partner_edit, name="requests-partner-edit"),
    path(
        "partenaires/<int:pk>/desactiver/",
        backoffice.partner_deactivate,
        name="requests-partner-deactivate",
    ),
]
