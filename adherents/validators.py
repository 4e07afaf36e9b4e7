"""Django validators over the pure identifier rules."""

from django.core.exceptions import ValidationError

from adherents.rules import identifiers


def validate_siret(value: str) -> None:
    if error := identifiers.siret_error(value):
        raise ValidationError(error, code="invalid_siret")


def validate_siren(value: str) -> None:
    if error := identifiers.siren_error(value):
        raise ValidationError(error, code="invalid_siren")
