"""Models of individual health follow-up (issue 4 grows them: NIR, INS, exposures, visits)."""

from suivi_sante.models.worker import Employment, Worker

__all__ = ["Employment", "Worker"]
