"""Portal URLs of individual follow-up: convocations."""

urlpatterns: list = []
