from django.urls import path

from suivi_sante.views.portal import workers as portal

urlpatterns = [path("salaries/", portal.worker_list, name="worker-list")]
