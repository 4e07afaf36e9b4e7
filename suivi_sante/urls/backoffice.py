from django.urls import path

from suivi_sante.views import backoffice

app_name = "suivi_sante"
urlpatterns = [path("salaries/", backoffice.worker_list, name="worker-list")]
