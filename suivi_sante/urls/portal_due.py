"""Portal URLs of individual follow-up: what is due."""

from django.urls import path

from suivi_sante.views.portal import due

urlpatterns = [path("visites-a-prevoir/", due.due_list, name="due-list")]
