"""URLs of the consents area (back-office)."""

from django.urls import path

from pdp.consents import views_backoffice as views

backoffice_patterns = [
    path("dossiers/<int:pk>/consentements/", views.consent_create, name="consent-create"),
    path("consentements/<int:pk>/retrait/", views.consent_withdraw, name="consent-withdraw"),
    path("consentements/<int:pk>/formulaire/", views.consent_proof, name="consent-proof"),
]
portal_patterns: list = []
public_patterns: list = []
