"""Portal URLs of the API tokens (mounted under /espace-adherent/api/)."""

from django.urls import path

from api.tokens import views_portal

portal_patterns: list = [
    path("jetons/", views_portal.token_list, name="token-list"),
    path("jetons/nouveau/", views_portal.token_create, name="token-create"),
    path("jetons/<int:pk>/revoquer/", views_portal.token_revoke, name="token-revoke"),
]
