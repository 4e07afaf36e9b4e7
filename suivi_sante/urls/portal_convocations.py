"""Portal URLs of individual follow-up: convocations."""

from django.urls import path

from suivi_sante.views.portal import convocations as views

urlpatterns = [
    path("convocations/", views.convocation_list, name="convocation-list"),
    path("convocations/<int:pk>/", views.convocation_detail, name="convocation-detail"),
    path("convocations/<int:pk>/pdf/", views.convocation_pdf, name="convocation-pdf"),
    path("convocations/<int:pk>/reponse/", views.convocation_respond, name="convocation-respond"),
]
