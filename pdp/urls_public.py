"""Public URLs of the PDP app (partners' secret links), under /pdp/, namespace "pdp_public"."""

from pdp.plans import urls as plans

app_name = "pdp_public"
urlpatterns = [*plans.public_patterns]
