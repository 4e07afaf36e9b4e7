from django.urls import path

from suivi_sante.views import portal

app_name = "suivi_sante"
urlpatterns = [path("salaries/", portal.worker_list, name="worker-list")]
