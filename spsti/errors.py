"""Domain errors: their message is French and shown to the user as is."""


class DomainError(Exception):
    """Base of every business-rule refusal."""
