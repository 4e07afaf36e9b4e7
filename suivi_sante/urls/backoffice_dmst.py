"""Backoffice URLs of individual follow-up: dmst."""

urlpatterns: list = []
