"""URLs of one area of the membership app; names prefixed by the area (namespace adherents)."""

from django.urls import path

from adherents.imports import views_backoffice as backoffice
from adherents.imports import views_portal as portal

public_patterns: list = []  # mounted at the site root, namespace "public"
portal_patterns: list = [  # under /espace-adherent/, namespace "portal:adherents"
    path("export/", portal.member_export, name="imports-export"),
]
backoffice_patterns: list = [  # under /back-office/, namespace "backoffice:adherents"
    path("imports/", backoffice.job_list, name="imports-job-list"),
    path("imports/nouveau/", backoffice.job_create, name="imports-job-create"),
    path("imports/<int:pk>/", backoffice.job_detail, name="imports-job-detail"),
    path("imports/<int:pk>/confirmer/", backoffice.job_confirm, name="imports-job-confirm"),
    path("imports/modele-<slug:kind>.csv", backoffice.template_download, name="imports-template"),
    path("adherents/export.xlsx", backoffice.members_xlsx, name="imports-members-xlsx"),
    path("adherents/<int:pk>/export/", backoffice.member_export, name="imports-member-export"),
]
