"""Back-office URLs of the API app (namespace "backoffice:api"): staff tokens."""

from api.tokens import urls as tokens

app_name = "api"
urlpatterns = [*tokens.backoffice_patterns]
