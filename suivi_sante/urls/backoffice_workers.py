from django.urls import path

from suivi_sante.views.backoffice import workers as backoffice

urlpatterns = [path("salaries/", backoffice.worker_list, name="worker-list")]
