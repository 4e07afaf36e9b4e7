"""URLs of the cases area (back-office)."""

from django.urls import path

from pdp.cases import views_backoffice as views
from pdp.cases import views_backoffice_referrals as referrals

backoffice_patterns = [
    path("dossiers/", views.case_list, name="case-list"),
    path("signaler/", views.refer_person, name="case-refer-person"),
    path("salaries/<int:worker_pk>/signaler/", views.refer_worker, name="case-refer"),
    path("demandes/<int:pk>/signaler/", referrals.refer_request, name="case-refer-request"),
    path("signaler/assurance-maladie/", referrals.refer_insurance, name="case-refer-insurance"),
    path("dossiers/<int:pk>/", views.case_detail, name="case-detail"),
    path("dossiers/<int:pk>/prendre/", views.case_take, name="case-take"),
    path("dossiers/<int:pk>/etape/", views.case_status, name="case-status"),
    path("dossiers/<int:pk>/premier-contact/", views.case_first_contact, name="case-first-contact"),
    path("dossiers/<int:pk>/risque/", views.case_risk, name="case-risk"),
    path("dossiers/<int:pk>/opposition/", views.case_opposition, name="case-opposition"),
    path("dossiers/<int:pk>/liaison/", views.case_liaison, name="case-liaison"),
    path("dossiers/<int:pk>/cloture/", views.case_close, name="case-close"),
    path("suivis/<int:pk>/", views.follow_up_record, name="follow-up-record"),
]
portal_patterns: list = []
public_patterns: list = []
