"""Demo data of the PDP cell (L4622-8-1): the first centre's cell, coordinated by the demo
physician with the demo nurse, social worker and chargé(e) de maintien en emploi, and two open
cases of the demo member's workers, each with a consent and a measure."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from accounts.enums import AdherentRole, StaffRole
from accounts.models import User
from demo import reference as ref
from pdp.caseload.selectors import ROLE_FUNCTIONS
from pdp.models import CaseStep, CellMember, Consent, PdpCase, PdpMeasure, PlanAction
from suivi_sante.models import Worker

CELL_ROLES = (
    StaffRole.PHYSICIAN,
    StaffRole.NURSE,
    StaffRole.SOCIAL_WORKER,
    StaffRole.JOB_RETENTION_OFFICER,
)


def write_pdp(today: datetime.date, log: Callable[[str], None]) -> None:
    """The cell of the demo logins' centre and two open cases (deterministic: fixed logins,
    the demo member's first workers by id, dates from today)."""
    staff = {role: User.objects.get(email=ref.STAFF_DEMO_EMAILS[role]) for role in CELL_ROLES}
    physician = staff[StaffRole.PHYSICIAN]
    center_id = physician.staff_assignments.filter(role=StaffRole.PHYSICIAN).first().center_id
    CellMember.objects.bulk_create(
        CellMember(
            center_id=center_id,
            user=staff[role],
            function=ROLE_FUNCTIONS[role],
            is_coordinator=role == StaffRole.PHYSICIAN,
        )
        for role in CELL_ROLES
    )
    workers = list(
        Worker.objects.filter(
            adherent__memberships__user__email=ref.PORTAL_DEMO_EMAILS[AdherentRole.ADMIN],
            adherent__team__center_id=center_id,
        ).order_by("pk")[:2]
    )
    day = lambda n: today - datetime.timedelta(days=n)  # noqa: E731
    cases = [
        dict(
            status="plan",
            owner=staff[StaffRole.JOB_RETENTION_OFFICER],
            source="physician",
            received_on=day(40),
            first_contact_on=day(35),
            sick_leave_started_on=day(75),
            reason="Arrêt de travail long, lombalgie ; retour au poste de manutention incertain.",
            consent=("Cap emploi", "Étudier un aménagement durable du poste", day(34)),
            measure=(
                "workstation_adjustment",
                "Pas de port de charges de plus de 10 kg ; horaires de journée.",
                "in_progress",
            ),
        ),
        dict(
            status="evaluation",
            owner=staff[StaffRole.NURSE],
            source="employer",
            received_on=day(12),
            first_contact_on=day(8),
            sick_leave_started_on=day(45),
            reason="L'employeur signale des absences répétées et une demande d'aménagement.",
            consent=("Service social de la CARSAT", "Préparer une reprise à temps partiel", day(8)),
            measure=(
                "therapeutic_part_time",
                "Reprise à mi-temps, matinées uniquement, pendant trois mois.",
                "planned",
            ),
        ),
    ]
    for worker, plan in zip(workers, cases, strict=False):
        recipient, purpose, given_on = plan.pop("consent")
        kind, employer_text, measure_status = plan.pop("measure")
        case = PdpCase.objects.create(
            center_id=center_id,
            worker=worker,
            adherent_id=worker.adherent_id,
            referred_by=physician if plan["source"] == "physician" else None,
            **plan,
        )
        CaseStep.objects.bulk_create(
            [
                CaseStep(case=case, actor=physician, from_status="", to_status="received"),
                CaseStep(
                    case=case, actor=case.owner, from_status="received", to_status=case.status
                ),
            ]
        )
        Consent.objects.create(
            case=case,
            recipient=recipient,
            purpose=purpose,
            data_categories=["identity", "work_situation", "restrictions"],
            given_on=given_on,
            proof=Consent.Proof.ORAL,
            recorded_by=case.owner,
        )
        measure = PdpMeasure.objects.create(
            case=case,
            kind=kind,
            employer_text=employer_text,
            starts_on=today + datetime.timedelta(days=14),
            status=measure_status,
            created_by=physician,
        )
        PlanAction.objects.create(
            case=case,
            measure=measure,
            label="Étude du poste avec l'ergonome et l'employeur",
            owner=case.owner,
            due_on=today + datetime.timedelta(days=7),
        )
    log(f"  cellule PDP : {len(CELL_ROLES)} membres, {len(workers)} dossiers ouverts")
