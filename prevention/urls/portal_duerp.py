"""Portal URLs of prevention: duerp."""

urlpatterns: list = []
