from django.urls import path

from tns.workshops import views_backoffice, views_portal

public_patterns: list = []
portal_patterns: list = [
    path("ateliers/", views_portal.session_list, name="workshop-list"),
    path("ateliers/<int:pk>/inscription/", views_portal.register, name="workshop-register"),
    path("ateliers/inscriptions/<int:pk>/annuler/", views_portal.cancel, name="workshop-cancel"),
    path("ateliers/inscriptions/<int:pk>/avis/", views_portal.rate, name="workshop-rate"),
]
backoffice_patterns: list = [
    path("ateliers/", views_backoffice.session_list, name="workshop-list"),
    path("ateliers/nouveau/", views_backoffice.session_create, name="workshop-create"),
    path("ateliers/<int:pk>/", views_backoffice.session_detail, name="workshop-detail"),
]
