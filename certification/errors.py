"""Refusals of the quality certification app (French messages, shown as they are)."""

from spsti.errors import DomainError


class CertificationError(DomainError):
    """A quality-system rule refused the change."""
