"""Demo prevention data for the demo member: work units with their workers, a DUERP draft."""

from __future__ import annotations

from collections.abc import Callable

from accounts.enums import AdherentRole
from adherents.models import Adherent, AdherentMembership
from demo.reference import PORTAL_DEMO_EMAILS


def write_prevention(log: Callable[[str], None]) -> None:
    """Two work units on the demo member's head office and a DUERP workspace being built."""
    from prevention.data.hazards import DEFAULT_MATRIX
    from prevention.models import Duerp, DuerpAction, DuerpRisk, EvaluationMatrix, Hazard, WorkUnit

    admin_email = PORTAL_DEMO_EMAILS[AdherentRole.ADMIN]
    member = Adherent.objects.filter(
        pk__in=AdherentMembership.objects.filter(user__email=admin_email).values("adherent_id")
    ).first()
    if member is None:
        return
    site = member.establishments.get(is_head_office=True)
    posts = list(site.employments.filter(end_on__isnull=True).order_by("pk")[:6])
    workshop = WorkUnit.objects.create(
        establishment=site,
        name="Chantiers et atelier",
        description="Pose et raccordement d'installations électriques, préparation en atelier",
        headcount=max(len(posts) - 1, 1),
    )
    workshop.employments.set(posts[1:])
    office = WorkUnit.objects.create(
        establishment=site, name="Bureaux", description="Accueil, devis, comptabilité", headcount=1
    )
    office.employments.set(posts[:1])
    duerp = Duerp.objects.create(
        adherent=member,
        matrix=EvaluationMatrix.objects.get(name=DEFAULT_MATRIX["name"]),
        headcount=len(posts),
    )
    hazards = {h.code: h for h in Hazard.objects.filter(thesaurus__is_current=True)}
    fall = DuerpRisk.objects.create(
        duerp=duerp,
        work_unit=workshop,
        hazard=hazards["CHU-HT"],
        description="Travaux sur escabeau et en faux plafond",
        exposed_count=workshop.headcount,
        severity=4,
        probability=2,
        existing_measures="Escabeaux à plateforme",
    )
    DuerpRisk.objects.create(
        duerp=duerp,
        work_unit=office,
        hazard=hazards["ECR"],
        description="Saisie des devis plusieurs heures par jour",
        exposed_count=1,
        severity=1,
        probability=3,
    )
    DuerpAction.objects.create(
        duerp=duerp, risk=fall, title="Remplacer les escabeaux par des plateformes individuelles"
    )
    log("  prévention : 2 unités de travail et un DUERP en cours pour l'adhérent de démonstration")
