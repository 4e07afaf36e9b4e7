"""The self-employed offer's backoffice URLs (namespace "tns")."""

from tns.affiliations import urls as affiliations
from tns.indicators import urls as indicators
from tns.offer import urls as offer
from tns.screening import urls as screening
from tns.visits import urls as visits
from tns.workshops import urls as workshops

app_name = "tns"
urlpatterns = [
    *offer.backoffice_patterns,
    *affiliations.backoffice_patterns,
    *screening.backoffice_patterns,
    *workshops.backoffice_patterns,
    *indicators.backoffice_patterns,
    *visits.backoffice_patterns,
]
