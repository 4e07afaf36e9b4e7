"""The self-employed offer's portal URLs (namespace "tns")."""

from tns.affiliations import urls as affiliations
from tns.indicators import urls as indicators
from tns.offer import urls as offer
from tns.screening import urls as screening
from tns.visits import urls as visits
from tns.workshops import urls as workshops

app_name = "tns"
urlpatterns = [
    *offer.portal_patterns,
    *affiliations.portal_patterns,
    *screening.portal_patterns,
    *workshops.portal_patterns,
    *indicators.portal_patterns,
    *visits.portal_patterns,
]
