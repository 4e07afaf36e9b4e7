"""Portal URLs of individual follow-up: due."""

urlpatterns: list = []
