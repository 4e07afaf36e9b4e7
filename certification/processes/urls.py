from django.urls import path

from certification.processes import views_backoffice as views

portal_patterns: list = []
public_patterns: list = []
backoffice_patterns = [
    path("processus/", views.process_list, name="process-list"),
    path("processus/nouveau/", views.process_create, name="process-create"),
    path("processus/<int:pk>/", views.process_detail, name="process-detail"),
    path("processus/<int:pk>/objectifs/", views.process_edit, name="process-edit"),
]
