"""`manage.py seed_demo`: the small demo dataset (the large one is measured by hand, too slow)."""

import datetime
import re
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.enums import AdherentRole, StaffRole, UserKind
from accounts.models import HealthCenter, StaffAssignment, Team, User
from adherents.data.naf_codes import NAF_CODES, NAF_LABELS
from adherents.models import (
    AccountingFirmMandate,
    AccountingFirmMember,
    Adherent,
    AdherentMembership,
    Establishment,
)
from adherents.rules import identifiers
from demo import DEMO_LOGINS, DEMO_PASSWORD
from demo.plan import build_small_plan
from demo.reference import NAME_PREFIXES
from suivi_sante.models import Employment, Worker

MODELS = (
    HealthCenter,
    Team,
    User,
    StaffAssignment,
    Adherent,
    Establishment,
    AdherentMembership,
    AccountingFirmMember,
    AccountingFirmMandate,
    Worker,
    Employment,
)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    """The seed hashes the demo password once; a fast hasher keeps the login checks quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_seed_builds_the_demo_dataset():
    output = seed()

    assert "Données de démonstration créées" in output
    assert HealthCenter.objects.count() == 2
    assert Team.objects.count() == 4
    assert not Team.objects.filter(lead_physician__isnull=True).exists()
    active = StaffAssignment.objects.filter(ended_on__isnull=True)
    assert set(active.values_list("role", flat=True)) == set(StaffRole.values)
    for center in HealthCenter.objects.all():  # each centre can run on its own
        assert set(active.filter(center=center).values_list("role", flat=True)) == set(
            StaffRole.values
        )
    assert not User.objects.filter(staff_assignments__isnull=False, kind=UserKind.PORTAL).exists()

    assert Adherent.objects.count() == 50
    assert Adherent.objects.filter(kind=Adherent.Kind.TNS).count() >= 2
    assert set(Adherent.objects.values_list("naf_code", flat=True)) <= set(NAF_LABELS)
    for siren in Adherent.objects.values_list("siren", flat=True):
        assert identifiers.siren_error(siren) is None, siren
    for siren, siret in Establishment.objects.values_list("adherent__siren", "siret"):
        assert identifiers.siret_error(siret) is None, siret
        assert siret.startswith(siren)
    heads = Adherent.objects.annotate(
        heads=Count("establishments", filter=Q(establishments__is_head_office=True)),
        sites=Count("establishments"),
    )
    assert {a.heads for a in heads} == {1}
    assert {a.sites for a in heads} <= {1, 2, 3}
    # Every member has its admin; the demo self-employed (tns) is the one person of its own.
    heads_or_self = [AdherentRole.ADMIN, AdherentRole.SELF_EMPLOYED]
    assert not Adherent.objects.exclude(memberships__role__in=heads_or_self).exists()
    assert AdherentMembership.objects.get(user__email="independant@demo.spsti.fr").role == (
        AdherentRole.SELF_EMPLOYED
    )

    firm_member = AccountingFirmMember.objects.get(user__email="cabinet@demo.spsti.fr")
    mandates = AccountingFirmMandate.objects.active().filter(firm=firm_member.firm)
    assert mandates.count() == 10
    assert all(m.scopes and m.valid_until is None for m in mandates)

    assert Worker.objects.count() == 1_000
    assert Employment.objects.count() == 1_000
    assert not Employment.objects.exclude(
        establishment__adherent_id=F("worker__adherent_id")
    ).exists()
    assert set(Worker.objects.values_list("sex", flat=True)) == {"F", "M"}
    today = date.today()  # noqa: DTZ011 - ages in whole years, the day's zone does not matter
    for birth in Worker.objects.values_list("birth_date", flat=True):
        age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        assert 18 <= age <= 65


@pytest.mark.django_db
def test_every_demo_login_authenticates_with_the_demo_password():
    seed()

    emails = [email for email, _ in DEMO_LOGINS]
    assert len(emails) == len(set(emails)) == len(StaffRole) + len(AdherentRole) + 2
    for email in emails:
        assert authenticate(email=email, password=DEMO_PASSWORD) is not None, email
    admin = User.objects.get(email="admin@demo.spsti.fr")
    assert admin.is_superuser
    assert admin.is_staff
    physician = User.objects.get(email="medecin@demo.spsti.fr")
    assert physician.led_teams.get().center.city == "Lyon"
    assert AdherentMembership.objects.get(user__email="adherent@demo.spsti.fr").role == (
        AdherentRole.ADMIN
    )
    # Every staff role has its own login, with that role.
    for email, _ in DEMO_LOGINS:
        user = User.objects.get(email=email)
        if user.kind == UserKind.STAFF and not user.is_superuser:
            assert user.staff_assignments.filter(ended_on__isnull=True).exists(), email
    # Generated people get prenom.nom.<n>@exemple.fr, never the demo domain.
    generated = User.objects.exclude(email__endswith="@demo.spsti.fr")
    assert generated.exists()
    assert all(u.email.endswith("@exemple.fr") and u.email.count(".") >= 3 for u in generated)


@pytest.mark.django_db
def test_a_second_run_changes_nothing():
    seed()
    before = counts()

    output = seed()

    assert "Données de démonstration déjà présentes : rien à faire." in output
    assert counts() == before


@pytest.mark.django_db
def test_the_database_holds_the_plan_of_the_seed():
    seed(seed=7)

    plan = build_small_plan(7, date.today())  # noqa: DTZ011 - names do not depend on the day
    assert sorted(Adherent.objects.values_list("name", flat=True)) == sorted(
        a.name for a in plan.adherents
    )
    assert sorted(Worker.objects.values_list("last_name", "first_name")) == sorted(
        (w[0], w[1]) for a in plan.adherents for w in a.workers
    )


def test_the_plan_is_deterministic_per_seed():
    day = date(2026, 3, 2)

    first, again, other = (build_small_plan(s, day) for s in (42, 42, 43))

    assert first == again
    assert [a.name for a in first.adherents] != [a.name for a in other.adherents]
    assert len(first.adherents) == 50
    assert sum(len(a.workers) for a in first.adherents) == 1_000
    sirens = Counter(a.siren for a in first.adherents)
    assert max(sirens.values()) == 1


def test_naf_codes_are_well_formed_and_named():
    codes = [code for code, _ in NAF_CODES]
    assert len(codes) == len(set(codes)) >= 40
    for code, label in NAF_CODES:
        assert re.fullmatch(r"\d{2}\.\d{2}[A-Z]", code), code
        assert label
        assert code in NAME_PREFIXES


@pytest.mark.django_db
def test_the_large_writer_copies_complete_rows_at_a_small_size():
    """The COPY path of `--scale large`, run at 300 members: every NOT NULL column is filled."""
    from demo.large import write_large

    seed()
    demo_workers = Worker.objects.count()
    assert not Worker.objects.filter(schedule_stale=True).exists()  # the demo computed its dues
    with transaction.atomic():
        write_large(7, date(2026, 11, 23), lambda _: None, adherents_total=300, workers_total=3_000)
    assert Adherent.objects.count() == 300
    assert Worker.objects.count() == 3_000
    assert Employment.objects.count() == 3_000
    # The copied workers wait for the nightly job to derive their category and dues.
    assert Worker.objects.filter(schedule_stale=True, category="SI").count() == 3_000 - demo_workers
    assert Employment.objects.filter(is_night_work=True).exists()
    assert Employment.objects.exclude(sir_risks=[]).exists()
    assert Employment.objects.filter(aptitude_jobs=["caces"]).exists()
    # The duplicate keys' trigger was skipped by the COPY: the keys were rebuilt, exact.
    from tests.suivi_sante.workers.test_models_duplicates import _exact

    identities = [ids for key, ids in _exact().items() if key[0] == "identity"]
    assert sum(map(len, identities)) == Worker.objects.filter(merged_into=None).count()


@pytest.mark.django_db
def test_the_demo_has_protocols_slots_and_computed_dues():
    from suivi_sante.models import DelegationProtocol, DueVisit, Slot

    seed()
    assert (
        DelegationProtocol.objects.count()
        == Team.objects.filter(assignments__role=StaffRole.PHYSICIAN).distinct().count()
    )
    assert Slot.objects.filter(performer="nurse").exists()
    assert Slot.objects.filter(mode="teleconsultation").exists()
    sir = Worker.objects.filter(employments__sir_risks__len__gt=0, employments__end_on=None)
    assert sir.exists()
    assert set(sir.values_list("category", flat=True)) == {"SIR"}
    assert DueVisit.objects.count() >= Worker.objects.count() // 2


@pytest.mark.django_db
def test_the_demo_member_has_work_units_and_a_duerp_being_built():
    from prevention.models import Duerp, WorkUnit

    seed()
    from demo.reference import PORTAL_DEMO_EMAILS

    member = Adherent.objects.get(memberships__user__email=PORTAL_DEMO_EMAILS[AdherentRole.ADMIN])
    assert WorkUnit.objects.filter(establishment__adherent=member).count() == 2
    duerp = Duerp.objects.get(adherent=member)
    assert duerp.risks.count() == 2
    assert not duerp.versions.exists()  # publishing is left to the demo user


@pytest.mark.django_db
def test_the_demo_holds_the_membership_journey():
    from adherents.models import (
        DeclarationCampaign,
        MeetingSession,
        MembershipApplication,
        Partner,
        Survey,
        Tariff,
        TrajectoryStep,
    )

    seed()
    today = timezone.localdate()
    recent = Adherent.objects.filter(joined_on__gte=today - datetime.timedelta(days=365))
    assert recent.exists()
    assert TrajectoryStep.objects.filter(adherent__in=recent).count() == recent.count() * 5
    assert Tariff.objects.filter(year=today.year).exists()
    campaign = DeclarationCampaign.objects.get(year=today.year)
    assert campaign.opens_on <= today <= campaign.closes_on
    assert Partner.objects.filter(kind="carsat").exists()
    assert MeetingSession.objects.filter(starts_at__gt=timezone.now()).count() >= 2
    assert Survey.objects.get().questions.count() == 3
    assert MembershipApplication.objects.get().status == "submitted"


@pytest.mark.django_db
def test_the_demo_has_a_working_pdp_cell():
    from accounts.context import build_context
    from demo.reference import STAFF_DEMO_EMAILS
    from pdp import perms
    from pdp.models import CellMember, PdpCase

    seed()
    physician = User.objects.get(email=STAFF_DEMO_EMAILS[StaffRole.PHYSICIAN])
    ctx = build_context(physician, {}, mfa_passed=True)
    assert perms.is_coordinator(ctx)
    assert perms.can_manage_cell(ctx)
    functions = set(
        CellMember.objects.active()
        .filter(center_id=ctx.center_id)
        .values_list("function", flat=True)
    )
    assert functions == {"physician", "nurse", "social_worker", "job_retention_officer"}
    cases = PdpCase.objects.visible_to(ctx).open()
    assert cases.count() == 2
    for case in cases:
        assert case.consents.in_force().exists()
        assert case.measures.exists()
    social_worker = User.objects.get(email=STAFF_DEMO_EMAILS[StaffRole.SOCIAL_WORKER])
    assert (
        PdpCase.objects.visible_to(build_context(social_worker, {}, mfa_passed=True)).count() == 2
    )


@pytest.mark.django_db
def test_demo_staff_log_in_with_the_printed_totp_secret():
    """Staff enrolment happens only through an activation link: the demo's staff accounts come
    already activated with the secret `make run` prints."""
    from django.test import Client
    from django.urls import reverse

    from demo import DEMO_TOTP_SECRET
    from tests.conftest import totp_code

    seed()
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "medecin@demo.spsti.fr", "password": DEMO_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_TOTP_SECRET)})
    assert client.get(reverse("backoffice:dashboard")).status_code == 200
