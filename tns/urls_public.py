"""The self-employed offer's public URLs (namespace "tns")."""

from tns.affiliations import urls as affiliations
from tns.indicators import urls as indicators
from tns.offer import urls as offer
from tns.screening import urls as screening
from tns.visits import urls as visits
from tns.workshops import urls as workshops

app_name = "tns"
urlpatterns = [
    *offer.public_patterns,
    *affiliations.public_patterns,
    *screening.public_patterns,
    *workshops.public_patterns,
    *indicators.public_patterns,
    *visits.public_patterns,
]
