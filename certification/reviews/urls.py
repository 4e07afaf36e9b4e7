from django.urls import path

from certification.reviews import views_backoffice as views

portal_patterns: list = []
public_patterns: list = []
backoffice_patterns = [
    path("revues-de-direction/", views.review_list, name="review-list"),
    path("revues-de-direction/nouvelle/", views.review_create, name="review-create"),
    path("revues-de-direction/<int:pk>/", views.review_detail, name="review-detail"),
    path("revues-de-direction/<int:pk>/pdf/", views.review_pdf, name="review-pdf"),
]
