from django.urls import path

from certification.documents import views_backoffice as views

portal_patterns: list = []
public_patterns: list = []
backoffice_patterns = [
    path("documents/", views.document_list, name="document-list"),
    path("documents/nouveau/", views.document_create, name="document-create"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    path(
        "documents/versions/<int:pk>/fichier/", views.version_download, name="document-version-file"
    ),
    path("documents/versions/<int:pk>/etape/", views.version_move, name="document-version-move"),
]
