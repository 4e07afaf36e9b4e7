"""Delegation protocols: signed by a physician of the team, never the EMAE, ended but never
deleted (R4623-14)."""

import datetime
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from suivi_sante.errors import FollowUpError
from suivi_sante.models import DelegationProtocol
from suivi_sante.protocols import services
from tests.matrix_suivi.dmst import ctx_for, held_visit, protocol_for
from tests.suivi_sante.factories import ProtocolFactory, VisitFactory

CREATE = "backoffice:suivi_sante:protocol-create"


def _form(world, **overrides) -> dict:
    return {
        "title": "Protocole VIP et reprises",
        "team": world.team.pk,
        "delegated_kinds": ["VIP", "REPRISE"],
        "conditions": "Salariés sans antécédent signalé.",
        "referral_cases": "Toute plainte de santé en lien avec le travail.",
        "staffing_hypothesis": "lasting_shortage",
        "cmt_approved_on": "2026-01-15",
        "valid_from": "2026-02-01",
        "named_professionals": [world.actors["nurse"].pk],
        **overrides,
    }


@pytest.mark.django_db
def test_physician_signs_a_protocol_for_their_team(world, client_for):
    response = client_for("physician").post(reverse(CREATE), _form(world))
    protocol = DelegationProtocol.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("backoffice:suivi_sante:protocol-detail", args=[protocol.pk])
    assert protocol.signed_by == world.actors["physician"]
    assert protocol.signed_on == timezone.localdate()
    assert protocol.delegated_kinds == ["VIP", "REPRISE"]
    assert protocol.valid_until is None
    assert list(protocol.named_professionals.all()) == [world.actors["nurse"]]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["EMAE", "SIR_PERIODIQUE", "FIN_CARRIERE"])
def test_a_physician_only_kind_is_refused_with_a_french_error(world, client_for, kind):
    response = client_for("physician").post(
        reverse(CREATE), _form(world, delegated_kinds=["VIP", kind])
    )
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "Ne peut pas être délégué" in page
    assert "restent au médecin du travail (R4623-14)" in page
    assert not DelegationProtocol.objects.exists()


@pytest.mark.django_db
def test_the_form_offers_only_delegable_kinds(world, client_for):
    page = client_for("physician").get(reverse(CREATE)).content.decode()
    assert 'value="VIP"' in page
    assert 'value="EMAE"' not in page


@pytest.mark.django_db
def test_the_service_and_the_database_refuse_the_emae(world):
    ctx = ctx_for(world.actors["physician"])
    data = _form(world, delegated_kinds=["EMAE"], team=world.team, named_professionals=[])
    for key in ("cmt_approved_on", "valid_from"):
        data[key] = datetime.date.fromisoformat(data[key])
    with pytest.raises(FollowUpError, match="Ne peut pas être délégué"):
        services.create_protocol(actor=ctx, **data)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProtocolFactory(team=world.team, delegated_kinds=["VIP", "EMAE"])
    assert not DelegationProtocol.objects.exists()


@pytest.mark.django_db
def test_a_physician_cannot_sign_for_a_team_that_is_not_theirs(world):
    ctx = ctx_for(world.actors["physician_other"])
    with pytest.raises(PermissionDenied):
        services.create_protocol(
            actor=ctx,
            team=world.team,
            title="Protocole",
            delegated_kinds=["VIP"],
            conditions="-",
            referral_cases="-",
            staffing_hypothesis="sufficient",
            cmt_approved_on=datetime.date(2026, 1, 1),
            valid_from=datetime.date(2026, 1, 1),
        )


@pytest.mark.django_db
def test_a_validity_ending_before_it_starts_is_refused(world, client_for):
    response = client_for("physician").post(reverse(CREATE), _form(world, valid_until="2026-01-31"))
    assert "La fin de validité précède son début." in unescape(response.content.decode())
    assert not DelegationProtocol.objects.exists()


@pytest.mark.django_db
def test_ending_a_protocol_keeps_its_row_and_the_visits_held_under_it(world, client_for):
    protocol = protocol_for(world)
    visit = held_visit(world, actor="nurse", protocol=protocol)
    client = client_for("physician")

    response = client.post(reverse("backoffice:suivi_sante:protocol-end", args=[protocol.pk]))

    assert response.status_code == 302
    protocol.refresh_from_db()
    assert protocol.valid_until == timezone.localdate()
    visit.refresh_from_db()
    assert visit.protocol == protocol
    assert not DelegationProtocol.objects.active_on(
        timezone.localdate() + datetime.timedelta(days=1)
    ).exists()
    page = client.get(reverse("backoffice:suivi_sante:protocol-detail", args=[protocol.pk]))
    assert str(visit.worker) in page.content.decode()


@pytest.mark.django_db
def test_ending_warns_about_visits_still_planned_under_the_protocol(world, client_for):
    protocol = protocol_for(world)
    VisitFactory(
        worker=world.worker,
        performer="nurse",
        protocol=protocol,
        professional=world.actors["nurse"],
        scheduled_at=timezone.now() + datetime.timedelta(days=10),
    )
    response = client_for("physician").post(
        reverse("backoffice:suivi_sante:protocol-end", args=[protocol.pk]), follow=True
    )
    assert "1 visite programmée sous ce protocole" in unescape(response.content.decode())


@pytest.mark.django_db
def test_an_ended_or_future_protocol_cannot_be_ended(world):
    ctx = ctx_for(world.actors["physician"])
    today = timezone.localdate()
    ended = protocol_for(world, valid_until=today - datetime.timedelta(days=1))
    with pytest.raises(FollowUpError, match="a pris fin le"):
        services.end_protocol(actor=ctx, protocol=ended)
    future = protocol_for(world, valid_from=today + datetime.timedelta(days=1))
    with pytest.raises(FollowUpError, match="ne commence que le"):
        services.end_protocol(actor=ctx, protocol=future)
    starting_today = protocol_for(world, valid_from=today)
    assert services.end_protocol(actor=ctx, protocol=starting_today).valid_until == today


@pytest.mark.django_db
def test_a_nurse_cannot_end_a_protocol(world):
    with pytest.raises(PermissionDenied):
        services.end_protocol(actor=ctx_for(world.actors["nurse"]), protocol=protocol_for(world))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "make_rows"),
    [
        ("protocol-list", lambda w, n: [protocol_for(w) for _ in range(n)]),
        ("protocol-detail", None),
    ],
)
def test_protocol_pages_query_count_is_flat(world, client_for, url_name, make_rows):
    protocol = protocol_for(world)
    args = [protocol.pk] if url_name == "protocol-detail" else []
    url = reverse(f"backoffice:suivi_sante:{url_name}", args=args)
    client = client_for("secretary")
    client.get(url)

    def queries_after(count: int) -> int:
        if make_rows:
            make_rows(world, count)
        else:
            for _ in range(count):
                held_visit(world, actor="nurse", protocol=protocol)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries_after(1) == queries_after(30)
