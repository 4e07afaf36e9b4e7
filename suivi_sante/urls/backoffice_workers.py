"""Back-office URLs of individual follow-up: workers, category decisions, duplicates."""

from django.urls import path

from suivi_sante.views.backoffice import workers

urlpatterns = [
    path("salaries/", workers.worker_list, name="worker-list"),
    path("salaries/doublons/", workers.duplicate_list, name="duplicate-list"),
    path("salaries/fusion/", workers.worker_merge, name="worker-merge"),
    path("salaries/<int:pk>/", workers.worker_detail, name="worker-detail"),
    path("salaries/<int:pk>/categorie/", workers.worker_category, name="worker-category"),
    path("salaries/<int:pk>/identite/", workers.worker_identity, name="worker-identity"),
]
