"""The PDP app's domain error: a French message for the user, nothing written."""

from __future__ import annotations


class PdpError(Exception):
    """A rule of the cell refused the action; the message is shown as is."""


class DuplicateCaseError(PdpError):
    """The worker already has an open case: the new referral is refused, the first is linked."""

    def __init__(self, case):
        super().__init__(
            f"Ce salarié a déjà un dossier PDP ouvert (n° {case.pk}) : complétez-le plutôt que "
            "d'en ouvrir un second."
        )
        self.case = case
