"""Demo data of the membership journey: trajectories, tariff, campaign, partners, a meeting, a
yearly survey and one application waiting for review."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from accounts.models import HealthCenter
from adherents.data.partners import load_example_partners
from adherents.models import (
    Adherent,
    ApplicationStatus,
    ApplicationStep,
    DeclarationCampaign,
    EmployerMeeting,
    MeetingFormat,
    MeetingSession,
    MembershipApplication,
    QuestionKind,
    Survey,
    SurveyKind,
    SurveyQuestion,
    Tariff,
    TariffItem,
)
from adherents.rules.identifiers import luhn_complete
from adherents.trajectory.services import start_new_member_trajectory
from spsti import secret_links

# Demo prices only: each service's board sets its own. One rate per worker followed, whatever
# the category, and no minimum per member: the default of L4622-6 since loi 2021-1018.
DEMO_TARIFF = {
    "per_worker_si": Decimal("110.00"),
    "per_worker_sia": Decimal("110.00"),
    "per_worker_sir": Decimal("110.00"),
    "minimum_per_member": Decimal("0.00"),
    "tns_amount": Decimal("180.00"),
}


def write_membership(today: datetime.date, log: Callable[[str], None]) -> None:
    """Everything a member-service agent, an invoicing agent and a member see on day one."""
    recent = Adherent.objects.filter(joined_on__gte=today - datetime.timedelta(days=365))
    for adherent in recent:
        start_new_member_trajectory(adherent=adherent, validated_on=adherent.joined_on)
    tariff, _ = Tariff.objects.get_or_create(year=today.year, defaults=DEMO_TARIFF)
    TariffItem.objects.get_or_create(
        tariff=tariff,
        code="mediation",
        defaults={"label": "Médiation (offre complémentaire)", "unit_price": Decimal("450.00")},
    )
    DeclarationCampaign.objects.get_or_create(
        year=today.year,
        defaults={
            "opens_on": today - datetime.timedelta(days=20),
            "closes_on": today + datetime.timedelta(days=40),
            "reminder_days": [15, 7, 1],
        },
    )
    load_example_partners()
    _meeting(today)
    _survey()
    _pending_application()
    log(
        f"  trajectoire de {len(recent)} nouveaux adhérents, tarif {today.year}, "
        "campagne d'effectifs, partenaires, rencontre, enquête, demande d'adhésion"
    )


def _meeting(today: datetime.date) -> None:
    zone = timezone.get_current_timezone()
    for center in HealthCenter.objects.order_by("pk"):
        meeting = EmployerMeeting.objects.create(
            center=center,
            title="Bienvenue au service : le suivi de vos salariés et la prévention",
            description="Le service, les visites, la fiche d'entreprise et le DUERP.",
            format=MeetingFormat.VIDEO,
        )
        for weeks in (2, 5):
            day = today + datetime.timedelta(weeks=weeks)
            start = datetime.datetime.combine(day, datetime.time(10), tzinfo=zone)
            MeetingSession.objects.create(
                meeting=meeting,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=1, minutes=30),
                video_url="https://visio.example/rencontre-employeurs",
                capacity=30,
            )


def _survey() -> None:
    survey = Survey.objects.create(title="Enquête annuelle de satisfaction", kind=SurveyKind.YEARLY)
    for position, (text, kind) in enumerate(
        [
            ("Êtes-vous satisfait(e) du suivi de vos salariés ?", QuestionKind.RATING),
            ("Avez-vous été contacté(e) après votre adhésion ?", QuestionKind.YES_NO),
            ("Que devrions-nous améliorer ?", QuestionKind.TEXT),
        ]
    ):
        SurveyQuestion.objects.create(
            survey=survey, position=position, text=text, kind=kind, required=kind != "text"
        )


def _pending_application() -> None:
    siren = luhn_complete("73282932")
    MembershipApplication.objects.create(
        status=ApplicationStatus.SUBMITTED,
        token_hash=secret_links.new_token()[1],
        applicant_email="demande.adhesion@demo.spsti.fr",
        steps_done=[step.value for step in ApplicationStep if step != ApplicationStep.REVIEW],
        company_name="Menuiserie du Val (demande en ligne)",
        siren=siren,
        naf_code="43.32A",
        legal_form="SARL",
        establishments=[
            {
                "kind": "head_office",
                "siret": luhn_complete(f"{siren}0001"),
                "name": "Atelier",
                "address": "4 chemin des Prés",
                "postal_code": "71000",
                "city": "Mâcon",
                "opening_hours": "lundi-vendredi 7h30-16h30",
            }
        ],
        contacts=[
            {"role": role, "first_name": "Claire", "last_name": "Demo", "email": email, "phone": ""}
            for role, email in [
                ("manager", "demande.adhesion@demo.spsti.fr"),
                ("sst_referent", "demande.adhesion@demo.spsti.fr"),
                ("billing", "compta.menuiserie@demo.spsti.fr"),
            ]
        ],
        activity_description="Menuiserie bois et aluminium, pose sur chantiers.",
        opening_hours="lundi-vendredi 7h30-16h30",
        headcount_si=3,
        headcount_sia=0,
        headcount_sir=2,
        convocation_weekdays=[2, 4],
        convocation_half_day="am",
        submitted_at=timezone.now(),
    )
