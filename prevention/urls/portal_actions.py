"""Portal URLs of prevention: actions."""

urlpatterns: list = []
