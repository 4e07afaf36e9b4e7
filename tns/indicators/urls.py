from django.urls import path

from tns.indicators import views_backoffice

public_patterns: list = []
portal_patterns: list = []
backoffice_patterns: list = [
    path("indicateurs/", views_backoffice.indicator_page, name="indicators"),
]
