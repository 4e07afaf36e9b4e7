"""Portal URLs of prevention: fiche."""

urlpatterns: list = []
