"""Actions in the workplace (AMT): recording, documents, the primary-action alert and the
CSE/CSSCT participation (network targets of seed 004)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from adherents.models import Adherent
from prevention.actions import selectors, services
from prevention.errors import PreventionError
from prevention.models import ActionDocument, PreventionAction
from tests import documents
from tests.adherents.factories import AdherentFactory
from tests.matrix_prevention.actions import PDF_BYTES, action_for
from tests.matrix_suivi.dmst import ctx_for
from tests.prevention.factories import PreventionActionFactory

TODAY = datetime.date(2026, 11, 23)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PRIMARY = PreventionAction.Kind.PRIMARY_PREVENTION
CSE = PreventionAction.Kind.CSE_MEETING


def record(world, actor="prevention_assistant", **overrides):
    values = {
        "adherent": world.adherent,
        "kind": "workstation_study",
        "performed_on": timezone.localdate(),
        "duration_minutes": 120,
        "description": "Étude du poste de pétrin : port de sacs de 25 kg.",
        **overrides,
    }
    return services.record_action(actor=ctx_for(world.actors[actor]), **values)


def pdf(name="compte-rendu.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.mark.django_db
def test_prevention_assistant_records_an_action_with_its_documents(world):
    action = record(world, establishment=world.establishment, documents=[pdf(), pdf("b.pdf")])
    assert action.performed_by == world.actors["prevention_assistant"]
    assert action.establishment == world.establishment
    stored = list(action.documents.order_by("filename"))
    assert [d.filename for d in stored] == ["b.pdf", "compte-rendu.pdf"]
    assert documents.read(stored[0].content, stored[0].sha256) == PDF_BYTES
    assert stored[0].content_type == "application/pdf"


@pytest.mark.django_db
def test_an_action_in_the_future_is_refused(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(PreventionError, match="est dans le futur"):
        record(world, performed_on=tomorrow)
    assert not PreventionAction.objects.exists()
    assert record(world, performed_on=timezone.localdate()).pk  # today is fine


@pytest.mark.django_db
@pytest.mark.parametrize("minutes", [0, -15])
def test_zero_or_negative_minutes_are_refused(world, minutes):
    with pytest.raises(PreventionError, match="au moins une minute"):
        record(world, duration_minutes=minutes)
    assert not PreventionAction.objects.exists()


@pytest.mark.django_db
def test_an_establishment_of_another_member_is_refused(world):
    with pytest.raises(PreventionError, match="n'appartient pas à l'adhérent"):
        record(world, establishment=world.other_establishment)


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["nurse", "physician_other", "secretary"])
def test_who_may_not_record(world, actor):
    with pytest.raises(PermissionDenied):
        record(world, actor=actor)


@pytest.mark.django_db
def test_physician_may_record_a_cse_meeting(world):
    assert record(world, actor="physician", kind=CSE).performed_by == world.actors["physician"]


@pytest.mark.django_db
def test_a_png_claiming_pdf_writes_nothing(world):
    with pytest.raises(PreventionError, match="son contenu est un fichier PNG"):
        record(world, documents=[pdf(), SimpleUploadedFile("mesures.pdf", PNG)])
    assert not PreventionAction.objects.exists()
    assert not ActionDocument.objects.exists()


@pytest.mark.django_db
def test_a_too_large_document_writes_nothing(world, settings):
    settings.SPSTI_UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("gros.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    with pytest.raises(PreventionError, match="dépasse la taille maximale de 1 Mo"):
        record(world, documents=[big])
    action = action_for(world)
    with pytest.raises(PreventionError, match="dépasse la taille maximale"):
        services.attach_documents(
            actor=ctx_for(world.actors["prevention_assistant"]),
            action=action,
            documents=[pdf(), SimpleUploadedFile("gros.pdf", PDF_BYTES + b"0" * (1024 * 1024))],
        )
    assert not ActionDocument.objects.exists()


@pytest.mark.django_db
def test_time_spent_is_totalled_by_kind(world):
    for kind, minutes in [("awareness", 90), ("awareness", 30), ("measurements", 45)]:
        action_for(world, kind=kind, duration_minutes=minutes)
    PreventionActionFactory(adherent=AdherentFactory(team=world.other_team), duration_minutes=999)
    ctx = ctx_for(world.actors["nurse"])
    totals = selectors.time_by_kind(selectors.action_list(ctx))
    assert [(t.label, t.count, t.minutes, t.duration_label) for t in totals] == [
        ("Sensibilisation", 2, 120, "2 h"),
        ("Métrologie (mesures)", 1, 45, "45 min"),
    ]
    only = selectors.time_by_kind(selectors.action_list(ctx, kind="measurements"))
    assert [(t.kind, t.minutes) for t in only] == [("measurements", 45)]


@pytest.mark.django_db
def test_actions_filter_by_member_and_period(world):
    old = action_for(world, performed_on=datetime.date(2025, 6, 1))
    recent = action_for(world, performed_on=datetime.date(2026, 6, 1))
    other = PreventionActionFactory(adherent=world.other_adherent)
    ctx = ctx_for(world.actors["prevention_assistant"])
    assert list(selectors.action_list(ctx, member="alpha")) == [recent, old]
    assert list(selectors.action_list(ctx, member=world.other_adherent.siren)) == [other]
    period = selectors.action_list(
        ctx, since=datetime.date(2026, 1, 1), until=datetime.date(2026, 12, 31)
    )
    assert set(period) == {recent, other}


def member(world, joined_on, **extra) -> Adherent:
    return AdherentFactory(team=world.team, joined_on=joined_on, **extra)


@pytest.mark.django_db
def test_primary_action_alert_with_concrete_dates(world, settings):
    years = settings.SPSTI_PRIMARY_ACTION_YEARS
    assert years == 4
    never = member(world, datetime.date(2020, 1, 10), name="Menuiserie Delta")
    done = member(world, datetime.date(2020, 1, 10), name="Pressing Epsilon")
    PreventionActionFactory(adherent=done, kind=PRIMARY, performed_on=datetime.date(2023, 5, 2))
    # Another kind of action does not count.
    PreventionActionFactory(
        adherent=never, kind="awareness", performed_on=datetime.date(2026, 1, 5)
    )
    ctx = ctx_for(world.actors["prevention_assistant"])

    alerts = list(selectors.primary_action_alerts(ctx, today=TODAY, years=years))
    assert alerts == [never]
    deadline = selectors.primary_action_deadline(alerts[0], today=TODAY, years=years)
    assert deadline.due_on == datetime.date(2024, 1, 10)
    assert deadline.reason == (
        "Action de prévention primaire avant le 10/01/2024 : aucune action depuis l'adhésion "
        "du 10/01/2020, une tous les 4 ans (objectif du service)"
    )
    later = selectors.primary_action_deadline(done, today=TODAY, years=years)
    assert later.due_on == datetime.date(2027, 5, 2)
    assert "dernière action le 02/05/2023" in later.reason


@pytest.mark.django_db
def test_primary_action_alert_boundary_and_scope(world):
    due_today = member(world, datetime.date(2022, 11, 23), name="Due aujourd'hui")
    due_yesterday = member(world, datetime.date(2022, 11, 22), name="Due hier")
    member(world, datetime.date(2019, 1, 1), status=Adherent.Status.ENDED, name="Radié")
    AdherentFactory(team=world.other_team, joined_on=datetime.date(2019, 1, 1))  # other centre
    ctx = ctx_for(world.actors["nurse"])
    alerts = list(selectors.primary_action_alerts(ctx, today=TODAY, years=4))
    assert alerts == [due_yesterday]  # due on 22/11/2026: overdue on the 23rd
    assert due_today not in alerts  # due on 23/11/2026: not yet overdue
    # Four years later, time-travel: the first one is overdue too.
    later = list(selectors.primary_action_alerts(ctx, today=datetime.date(2026, 11, 24), years=4))
    assert due_today in later


@pytest.mark.django_db
def test_primary_action_coverage(world):
    covered = member(world, datetime.date(2018, 1, 1))
    PreventionActionFactory(adherent=covered, kind=PRIMARY, performed_on=datetime.date(2024, 9, 1))
    stale = member(world, datetime.date(2018, 1, 1))
    PreventionActionFactory(adherent=stale, kind=PRIMARY, performed_on=datetime.date(2022, 9, 1))
    share = selectors.primary_action_coverage(
        ctx_for(world.actors["physician"]), today=TODAY, years=4
    )
    # The world's two members (joined 2024, no action) and the two above.
    assert (share.total, share.count, share.percent) == (4, 1, 25.0)


@pytest.mark.django_db
def test_cse_participation_numbers(world):
    def with_cse(name, met_on=None, has_cse=True):
        adherent = member(world, datetime.date(2015, 1, 1), name=name, has_cse=has_cse)
        if met_on:
            PreventionActionFactory(adherent=adherent, kind=CSE, performed_on=met_on)
        return adherent

    with_cse("Met in January", datetime.date(2026, 1, 10))
    with_cse("Met 12 months ago less a day", datetime.date(2025, 11, 24))
    exactly_a_year = with_cse("Met a year ago", datetime.date(2025, 11, 23))
    never = with_cse("Never met")
    with_cse("No CSE", datetime.date(2026, 3, 1), has_cse=False)
    ctx = ctx_for(world.actors["prevention_assistant"])

    share = selectors.cse_participation(ctx, today=TODAY)
    assert (share.total, share.count, share.missing, share.percent) == (4, 2, 2, 50.0)
    missing = list(selectors.cse_without_meeting(ctx, today=TODAY))
    assert missing == [exactly_a_year, never]
    assert missing[0].last_cse_on == datetime.date(2025, 11, 23)
    assert missing[1].last_cse_on is None
    assert selectors.cse_window_start(TODAY) == datetime.date(2025, 11, 24)


@pytest.mark.django_db
def test_no_member_with_a_cse_gives_no_share(world):
    share = selectors.cse_participation(ctx_for(world.actors["nurse"]), today=TODAY)
    assert (share.total, share.percent) == (0, None)
