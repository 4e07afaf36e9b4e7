"""Each shell's home and context switcher (they gather every area's summary, so they live above
the area apps, here, and not in spsti)."""

from django.urls import path

from dashboards.home import views_backoffice, views_portal

public_patterns: list = []
portal_patterns: list = [
    path("", views_portal.dashboard, name="dashboard"),
    path("contexte/", views_portal.switch, name="switch"),
    path("aucune-entreprise/", views_portal.no_member, name="no-member"),
]
backoffice_patterns: list = [
    path("", views_backoffice.dashboard, name="dashboard"),
    path("contexte/", views_backoffice.switch, name="switch"),
]
