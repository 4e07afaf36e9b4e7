"""URLs of accounting firms: mandates (portal admin), portfolio (firm users), directory (staff)."""

from django.urls import path

from adherents.firms import views_backoffice as backoffice
from adherents.firms import views_portal as portal

public_patterns: list = []  # mounted at the site root, namespace "public"
portal_patterns: list = [  # under /espace-adherent/, namespace "portal:adherents"
    path("mandats/", portal.mandate_list, name="firms-mandate-list"),
    path("mandats/accorder/", portal.mandate_grant, name="firms-mandate-grant"),
    path("mandats/<int:pk>/revoquer/", portal.mandate_revoke, name="firms-mandate-revoke"),
    path("cabinet/portefeuille/", portal.portfolio, name="firms-portfolio"),
]
backoffice_patterns: list = [  # under /back-office/, namespace "backoffice:adherents"
    path("cabinets/", backoffice.firm_list, name="firms-firm-list"),
    path("cabinets/ajouter/", backoffice.firm_create, name="firms-firm-create"),
    path("cabinets/<int:pk>/", backoffice.firm_detail, name="firms-firm-detail"),
    path("cabinets/<int:pk>/collaborateurs/", backoffice.firm_user_add, name="firms-user-add"),
]
