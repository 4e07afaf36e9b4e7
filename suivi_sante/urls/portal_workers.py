"""Portal URLs of individual follow-up: workers and the employer's declarations."""

from django.urls import path

from suivi_sante.views.portal import workers

urlpatterns = [
    path("salaries/", workers.worker_list, name="worker-list"),
    path("salaries/embauche/", workers.worker_hire, name="worker-hire"),
    path("salaries/<int:pk>/", workers.worker_detail, name="worker-detail"),
    path("salaries/<int:pk>/absences/", workers.absence_create, name="absence-create"),
    path("emplois/<int:pk>/sortie/", workers.employment_end, name="employment-end"),
    path("absences/<int:pk>/reprise/", workers.absence_return, name="absence-return"),
]
