"""Permission-matrix rows of prevention: duerp."""

from tests.matrix import BACKOFFICE_OPEN, PORTAL_OPEN, Case  # noqa: F401

CASES: list[Case] = []
