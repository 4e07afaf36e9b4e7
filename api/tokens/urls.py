"""URLs of the API tokens: the member portal's (under /espace-adherent/api/) and the staff's
own (under /back-office/api/)."""

from django.urls import path

from api.tokens import views_backoffice, views_portal

portal_patterns: list = [
    path("jetons/", views_portal.token_list, name="token-list"),
    path("jetons/nouveau/", views_portal.token_create, name="token-create"),
    path("jetons/<int:pk>/revoquer/", views_portal.token_revoke, name="token-revoke"),
]

backoffice_patterns: list = [
    path("jetons/", views_backoffice.staff_token_list, name="staff-token-list"),
    path("jetons/nouveau/", views_backoffice.staff_token_create, name="staff-token-create"),
    path(
        "jetons/<int:pk>/revoquer/",
        views_backoffice.staff_token_revoke,
        name="staff-token-revoke",
    ),
]
