"""Backoffice URLs of individual follow-up: protocols."""

urlpatterns: list = []
