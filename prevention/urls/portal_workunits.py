"""Portal URLs of prevention: workunits."""

urlpatterns: list = []
