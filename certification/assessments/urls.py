from django.urls import path

from certification.assessments import views_backoffice as views

portal_patterns: list = []
public_patterns: list = []
backoffice_patterns = [
    path("auto-evaluations/", views.campaign_list, name="campaign-list"),
    path("auto-evaluations/nouvelle/", views.campaign_create, name="campaign-create"),
    path("auto-evaluations/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path(
        "auto-evaluations/<int:pk>/maturite/", views.campaign_readiness, name="campaign-readiness"
    ),
    path("auto-evaluations/<int:pk>/clore/", views.campaign_close, name="campaign-close"),
    path("criteres-evalues/<int:pk>/", views.assessment_edit, name="assessment-edit"),
]
