from django.urls import path

from tns.affiliations import views_backoffice, views_portal, views_public

public_patterns: list = [
    path("adhesion/", views_public.join, name="join"),
    path("adhesion/envoyee/", views_public.join_done, name="join-done"),
]
portal_patterns: list = [
    path("", views_portal.space, name="space"),
    path("affiliation-dirigeant/", views_portal.join_as_head, name="join-as-head"),
    path("affiliations/<int:pk>/renouveler/", views_portal.renew, name="renew"),
]
backoffice_patterns: list = [
    path("affiliations/", views_backoffice.affiliation_list, name="affiliation-list"),
]
