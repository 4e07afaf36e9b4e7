"""Backoffice URLs of individual follow-up: agenda."""

urlpatterns: list = []
