"""Member-portal URLs of the API app (namespace "portal:api")."""

from api.tokens import urls as tokens

app_name = "api"
urlpatterns = [*tokens.portal_patterns]
