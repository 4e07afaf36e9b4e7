"""Back-office URLs of individual follow-up: delegation protocols."""

from django.urls import path

from suivi_sante.views.backoffice import protocols as views

urlpatterns = [
    path("protocoles/", views.protocol_list, name="protocol-list"),
    path("protocoles/nouveau/", views.protocol_create, name="protocol-create"),
    path("protocoles/<int:pk>/", views.protocol_detail, name="protocol-detail"),
    path("protocoles/<int:pk>/fin/", views.protocol_end, name="protocol-end"),
]
