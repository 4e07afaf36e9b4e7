from django.urls import path

from adherents.views import portal

app_name = "adherents"
urlpatterns = [
    path("etablissements/", portal.establishment_list, name="establishment-list"),
    path("etablissements/<int:pk>/", portal.establishment_detail, name="establishment-detail"),
    path(
        "etablissements/<int:pk>/preferences/",
        portal.establishment_preferences,
        name="establishment-preferences",
    ),
]
