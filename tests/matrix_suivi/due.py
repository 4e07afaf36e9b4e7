"""Permission-matrix rows of suivi_sante: due."""

from tests.matrix import BACKOFFICE_CARE, PORTAL_OPEN, Case

# Due lists name workers: the worker-view code (health professionals and secretaries; the
# member's admins and HR; a firm whose mandate has the "workers" scope).
CASES: list[Case] = [
    Case("backoffice:suivi_sante:due-overdue", {**BACKOFFICE_CARE, "prevention_assistant": 403}),
    Case("backoffice:suivi_sante:due-upcoming", {**BACKOFFICE_CARE, "prevention_assistant": 403}),
    Case("portal:suivi_sante:due-list", {**PORTAL_OPEN, "firm_mandated": 403}),
]
