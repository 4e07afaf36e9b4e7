from django.urls import path

from adherents.views import backoffice

app_name = "adherents"
urlpatterns = [
    path("adherents/", backoffice.adherent_list, name="adherent-list"),
    path("adherents/<int:pk>/", backoffice.adherent_detail, name="adherent-detail"),
]
