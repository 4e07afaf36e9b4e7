"""Back-office URLs of prevention: actions."""

urlpatterns: list = []
