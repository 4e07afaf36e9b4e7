"""URLs of prevention's actions area: actions in the workplace (AMT) and their indicators
(back office)."""

from django.urls import path

from prevention.actions import views_backoffice

public_patterns: list = []  # mounted at the site root

portal_patterns: list = []

backoffice_patterns: list = [
    path("actions/", views_backoffice.action_list, name="action-list"),
    path("actions/indicateurs/", views_backoffice.action_indicators, name="action-indicators"),
    path(
        "actions/adherents/<int:adherent_pk>/", views_backoffice.action_member, name="action-member"
    ),
    path(
        "actions/adherents/<int:adherent_pk>/nouvelle/",
        views_backoffice.action_create,
        name="action-create",
    ),
    path("actions/<int:pk>/", views_backoffice.action_detail, name="action-detail"),
    path(
        "actions/<int:pk>/documents/",
        views_backoffice.action_document_add,
        name="action-document-add",
    ),
    path("actions/documents/<int:pk>/", views_backoffice.action_document, name="action-document"),
]
