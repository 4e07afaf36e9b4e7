"""Back-office URLs of individual follow-up: exposures suggested to the physician."""

from django.urls import path

from suivi_sante.views.backoffice import suggestions as views

urlpatterns = [
    path("expositions-suggerees/", views.suggestion_list, name="suggestion-list"),
    path(
        "expositions-suggerees/<int:pk>/decision/",
        views.suggestion_decide,
        name="suggestion-decide",
    ),
]
