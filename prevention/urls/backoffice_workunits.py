"""Back-office URLs of prevention: workunits."""

urlpatterns: list = []
