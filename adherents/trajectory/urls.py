"""URLs of one area of the membership app; names prefixed by the area (namespace adherents)."""

from django.urls import path

from adherents.trajectory import views_backoffice as views

public_patterns: list = []  # mounted at the site root, namespace "public"
portal_patterns: list = []  # under /espace-adherent/, namespace "portal:adherents"
backoffice_patterns: list = [  # under /back-office/, namespace "backoffice:adherents"
    path("adherents/<int:pk>/trajectoire/", views.trajectory_view, name="trajectory-view"),
    path(
        "adherents/<int:pk>/trajectoire/<int:step_pk>/fait/",
        views.trajectory_step_done,
        name="trajectory-step-done",
    ),
    path(
        "adherents/<int:pk>/trajectoire/<int:step_pk>/sans-objet/",
        views.trajectory_step_skip,
        name="trajectory-step-skip",
    ),
    path("trajectoire/en-retard/", views.trajectory_overdue, name="trajectory-overdue"),
    path("trajectoire/tableau/", views.trajectory_board, name="trajectory-board"),
    path(
        "trajectoire/etapes/",
        views.trajectory_definition_list,
        name="trajectory-definition-list",
    ),
    path(
        "trajectoire/etapes/ajouter/",
        views.trajectory_definition_create,
        name="trajectory-definition-create",
    ),
    path(
        "trajectoire/etapes/<int:pk>/",
        views.trajectory_definition_edit,
        name="trajectory-definition-edit",
    ),
]
