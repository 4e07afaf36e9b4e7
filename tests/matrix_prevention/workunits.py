"""Permission-matrix rows of prevention: workunits."""

from tests.matrix import BACKOFFICE_OPEN, PORTAL_OPEN, Case  # noqa: F401

CASES: list[Case] = []
