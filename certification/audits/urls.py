from django.urls import path

from certification.audits import views_backoffice as views

portal_patterns: list = []
public_patterns: list = []
backoffice_patterns = [
    path("audits/", views.audit_list, name="audit-list"),
    path("dossier-audit/", views.audit_pack, name="audit-pack"),
    path("audits/nouveau/", views.audit_create, name="audit-create"),
    path("audits/<int:pk>/", views.audit_detail, name="audit-detail"),
    path("audits/<int:pk>/constats/", views.finding_create, name="audit-finding-create"),
    path("audits/<int:pk>/decision/", views.certification_record, name="audit-certification"),
]
