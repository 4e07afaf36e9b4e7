"""Backoffice URLs of prevention: work units."""

from django.urls import path

from prevention.views.backoffice import workunits as views

urlpatterns = [
    path(
        "etablissements/<int:establishment_pk>/unites/",
        views.workunit_list,
        name="workunit-list",
    ),
    path("unites/<int:pk>/", views.workunit_edit, name="workunit-edit"),
    path("unites/<int:pk>/archiver/", views.workunit_archive, name="workunit-archive"),
]
