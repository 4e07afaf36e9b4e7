"""Permission-matrix rows of suivi_sante: workers."""

from tests.matrix import BACKOFFICE_OPEN, PORTAL_OPEN, Case  # noqa: F401

CASES: list[Case] = []
