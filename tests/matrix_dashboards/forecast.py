"""Permission-matrix rows of the forecast of medical time (dashboards/forecast/urls.py).

The physicians read the forecast of their own teams (dashboards.scope): A's physician team A,
the other centre's physician his or her team there. Nurses, assistants, secretaries, the member
service and invoicing hold no "dashboards.forecast:view" (accounts.roles); members never enter.
"""

from tests.matrix import Case, backoffice_for

CASES = [
    Case("backoffice:dashboards:forecast", backoffice_for("physician", "physician_other")),
]
