"""Refusals of prevention services; messages are French and shown as they are."""

from spsti.errors import DomainError


class PreventionError(DomainError):
    """A prevention action that the rules refuse."""
