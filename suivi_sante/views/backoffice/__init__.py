"""Backoffice views of individual follow-up, one module per area."""
