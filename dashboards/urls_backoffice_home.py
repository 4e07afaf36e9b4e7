"""The back office's home and switcher, mounted in the "backoffice" namespace itself."""

from dashboards.home import urls as home

urlpatterns = [*home.backoffice_patterns]
