"""URLs of follow-up's suggestions area: back-office: exposures suggested to the physician."""

from django.urls import path

from suivi_sante.suggestions import views_backoffice

public_patterns: list = []  # mounted at the site root

portal_patterns: list = []

backoffice_patterns: list = [
    path("expositions-suggerees/", views_backoffice.suggestion_list, name="suggestion-list"),
    path(
        "expositions-suggerees/<int:pk>/decision/",
        views_backoffice.suggestion_decide,
        name="suggestion-decide",
    ),
]
