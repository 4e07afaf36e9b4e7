from django.urls import path

from certification.nonconformities import views_backoffice as views

portal_patterns: list = []
public_patterns: list = []
backoffice_patterns = [
    path("non-conformites/", views.nc_list, name="nc-list"),
    path("non-conformites/nouvelle/", views.nc_create, name="nc-create"),
    path(
        "non-conformites/depuis-reclamation/<int:complaint_pk>/",
        views.nc_from_complaint,
        name="nc-from-complaint",
    ),
    path("non-conformites/<int:pk>/", views.nc_detail, name="nc-detail"),
    path("non-conformites/<int:pk>/actions/", views.action_create, name="nc-action-create"),
    path("non-conformites/<int:pk>/solder/", views.nc_close, name="nc-close"),
    path("mes-actions-correctives/", views.my_actions, name="nc-my-actions"),
    path("actions-correctives/<int:pk>/realisee/", views.action_done, name="nc-action-done"),
    path("actions-correctives/<int:pk>/efficacite/", views.action_check, name="nc-action-check"),
]
