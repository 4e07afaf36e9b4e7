"""Permission-matrix rows of suivi_sante: due."""

from tests.matrix import BACKOFFICE_OPEN, PORTAL_OPEN, Case  # noqa: F401

CASES: list[Case] = []
