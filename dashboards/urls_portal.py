"""The member portal's home and switcher, mounted in the "portal" namespace itself."""

from dashboards.home import urls as home

urlpatterns = [*home.portal_patterns]
