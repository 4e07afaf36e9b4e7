"""URLs of prevention's workunits area: back-office: work units. portal: work units."""

from django.urls import path

from prevention.workunits import views_backoffice, views_portal

public_patterns: list = []  # mounted at the site root

portal_patterns: list = [
    path(
        "etablissements/<int:establishment_pk>/unites/",
        views_portal.workunit_list,
        name="workunit-list",
    ),
    path("unites/<int:pk>/", views_portal.workunit_edit, name="workunit-edit"),
    path("unites/<int:pk>/archiver/", views_portal.workunit_archive, name="workunit-archive"),
]

backoffice_patterns: list = [
    path(
        "etablissements/<int:establishment_pk>/unites/",
        views_backoffice.workunit_list,
        name="workunit-list",
    ),
    path("unites/<int:pk>/", views_backoffice.workunit_edit, name="workunit-edit"),
    path("unites/<int:pk>/archiver/", views_backoffice.workunit_archive, name="workunit-archive"),
]
