from django.urls import path

from dashboards.dgt import views_backoffice as views

public_patterns: list = []
portal_patterns: list = []
backoffice_patterns = [
    path("dgt/", views.dgt_fields, name="dgt"),
    path("dgt/<int:year>.xlsx", views.dgt_export, name="dgt-export"),
]
