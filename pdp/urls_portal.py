"""Member-portal URLs of the PDP app, under /espace-adherent/pdp/: the measures letters only."""

from pdp.plans import urls as plans

app_name = "pdp"
urlpatterns = [*plans.portal_patterns]
