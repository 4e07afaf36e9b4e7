"""Writes of the membership area, one module per area; the shared ones re-exported here."""

from adherents.services.establishments import set_convocation_preferences

__all__ = ["set_convocation_preferences"]
