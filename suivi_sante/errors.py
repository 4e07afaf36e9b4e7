"""Refusals of follow-up services; messages are French and shown to the user as they are."""

from spsti.errors import DomainError


class FollowUpError(DomainError):
    """A follow-up action that the rules refuse."""


class BookingError(FollowUpError):
    """A visit that cannot be booked as asked (slot taken, no protocol, no consent…)."""


class DocumentError(FollowUpError):
    """A document that this professional may not issue for this visit."""
