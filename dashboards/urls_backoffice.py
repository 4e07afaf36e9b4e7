"""The management dashboards in the back office (namespace "dashboards")."""

from dashboards.catalogue import urls as catalogue
from dashboards.cockpit import urls as cockpit
from dashboards.dgt import urls as dgt
from dashboards.drill import urls as drill
from dashboards.forecast import urls as forecast
from dashboards.report import urls as report
from dashboards.targets import urls as targets

app_name = "dashboards"
urlpatterns = [
    *cockpit.backoffice_patterns,
    *catalogue.backoffice_patterns,
    *drill.backoffice_patterns,
    *targets.backoffice_patterns,
    *dgt.backoffice_patterns,
    *report.backoffice_patterns,
    *forecast.backoffice_patterns,
]
