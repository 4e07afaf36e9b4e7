"""Models of the membership area, one module per aggregate."""

from adherents.models.adherent import Adherent, AdherentMembership, Establishment
from adherents.models.firm import AccountingFirm, AccountingFirmMandate, AccountingFirmMember

__all__ = [
    "AccountingFirm",
    "AccountingFirmMandate",
    "AccountingFirmMember",
    "Adherent",
    "AdherentMembership",
    "Establishment",
]
