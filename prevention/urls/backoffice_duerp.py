"""Back-office URLs of prevention: duerp."""

urlpatterns: list = []
