from django.urls import path

from dashboards.report import views_backoffice as views

public_patterns: list = []
portal_patterns: list = []
backoffice_patterns = [
    path("rapports/", views.report_list, name="reports"),
    path("rapports/<int:pk>.pdf", views.report_download, name="report-download"),
]
