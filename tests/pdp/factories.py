import datetime

import factory

from accounts.enums import StaffRole
from pdp.models import CellMember, Consent, PdpCase
from tests.accounts.factories import HealthCenterFactory, StaffAssignmentFactory, StaffUserFactory
from tests.suivi_sante.factories import WorkerFactory


class CellMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CellMember

    center = factory.SubFactory(HealthCenterFactory)
    user = factory.SubFactory(StaffUserFactory)
    function = "social_worker"


class PdpCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PdpCase

    center = factory.LazyAttribute(lambda o: o.worker.adherent.team.center)
    worker = factory.SubFactory(WorkerFactory)
    adherent = factory.SelfAttribute("worker.adherent")
    source = "physician"
    received_on = datetime.date(2026, 9, 1)
    reason = "Arrêt de travail long, retour incertain au poste."


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    case = factory.SubFactory(PdpCaseFactory)
    recipient = "CARSAT service social"
    purpose = "Organiser un essai encadré"
    data_categories = ["identity", "restrictions"]
    given_on = datetime.date(2026, 9, 2)
    proof = Consent.Proof.ORAL
    recorded_by = factory.SubFactory(StaffUserFactory)


def cell_member(
    center,
    role=StaffRole.JOB_RETENTION_OFFICER,
    function="job_retention_officer",
    team=None,
    **kwargs,
):
    """A staff member of `center` with a cell role, member of its PDP cell."""
    user = StaffAssignmentFactory(center=center, role=role, team=team).user
    return CellMemberFactory(center=center, user=user, function=function, **kwargs).user
