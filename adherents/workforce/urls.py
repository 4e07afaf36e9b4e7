"""URLs of the workforce declaration: the member declares, the member service runs campaigns."""

from django.urls import path

from adherents.workforce import views_backoffice as backoffice
from adherents.workforce import views_portal as portal

public_patterns: list = []  # mounted at the site root, namespace "public"
portal_patterns: list = [  # under /espace-adherent/, namespace "portal:adherents"
    path("effectifs/", portal.declaration_list, name="workforce-declaration-list"),
    path("effectifs/<int:pk>/", portal.declaration, name="workforce-declaration"),
    path(
        "effectifs/<int:pk>/correction/",
        portal.correction_request,
        name="workforce-correction-request",
    ),
    path("effectifs/<int:pk>/mise-a-jour/", portal.update, name="workforce-update"),
]
backoffice_patterns: list = [  # under /back-office/, namespace "backoffice:adherents"
    path("effectifs/campagnes/", backoffice.campaign_list, name="workforce-campaign-list"),
    path(
        "effectifs/campagnes/nouvelle/",
        backoffice.campaign_create,
        name="workforce-campaign-create",
    ),
    path(
        "effectifs/campagnes/<int:pk>/",
        backoffice.campaign_detail,
        name="workforce-campaign-detail",
    ),
    path(
        "effectifs/campagnes/<int:pk>/modifier/",
        backoffice.campaign_edit,
        name="workforce-campaign-edit",
    ),
    path(
        "effectifs/corrections/<int:pk>/",
        backoffice.correction_apply,
        name="workforce-correction-apply",
    ),
]
