"""Portal URLs of individual follow-up: documents."""

urlpatterns: list = []
