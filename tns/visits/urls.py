from django.urls import path

from tns.visits import views_backoffice

public_patterns: list = []
portal_patterns: list = []
backoffice_patterns: list = [
    path("propositions/<int:pk>/vip-tns/", views_backoffice.book, name="vip-book"),
    path("vip-tns/", views_backoffice.visit_list, name="vip-list"),
    path("vip-tns/<int:pk>/issue/", views_backoffice.outcome, name="vip-outcome"),
]
