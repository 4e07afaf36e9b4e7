"""URLs of the cell reviews (back-office)."""

from django.urls import path

from pdp.reviews import views_backoffice as views

backoffice_patterns = [
    path("revues/", views.review_list, name="review-list"),
    path("revues/nouvelle/", views.review_create, name="review-create"),
    path("revues/<int:pk>/", views.review_detail, name="review-detail"),
    path("revues/<int:pk>/dossiers/", views.review_add_case, name="review-add-case"),
    path("revues/<int:pk>/presents/", views.review_attendees, name="review-attendees"),
    path("revues/decisions/<int:pk>/", views.review_decision, name="review-decision"),
]
portal_patterns: list = []
public_patterns: list = []
