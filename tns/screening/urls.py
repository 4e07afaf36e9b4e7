from django.urls import path

from tns.screening import views_backoffice, views_portal

public_patterns: list = []
portal_patterns: list = [
    path("depistage/", views_portal.answer, name="screening-answer"),
    path("depistage/<int:pk>/resultats/", views_portal.result, name="screening-result"),
]
backoffice_patterns: list = [
    path("propositions/", views_backoffice.proposal_list, name="proposal-list"),
    path("propositions/<int:pk>/", views_backoffice.proposal_detail, name="proposal-detail"),
]
