"""Back-office URLs of individual follow-up: what is due."""

from django.urls import path

from suivi_sante.views.backoffice import due

urlpatterns = [
    path("echeances/en-retard/", due.due_overdue, name="due-overdue"),
    path("echeances/a-venir/", due.due_upcoming, name="due-upcoming"),
]
