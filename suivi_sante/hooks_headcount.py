"""suivi_sante's side of adherents/hooks.py: headcount."""


def register() -> None:
    """Plug this app's function into the membership area (filled by its area)."""
