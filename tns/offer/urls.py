from django.urls import path

from tns.offer import views_public

public_patterns: list = [path("", views_public.offer, name="offer")]
portal_patterns: list = []
backoffice_patterns: list = []
