"""Back-office URLs of prevention: fiche."""

urlpatterns: list = []
