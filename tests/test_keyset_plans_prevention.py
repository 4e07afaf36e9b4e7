"""The prevention lists at volume (issue 19, item 1): the actions' list walks its order index
from the key (with the kind filter, its own), the FE list's « Validée, à transmettre » filter
starts from the few versions in progress, and the whole-centre figures of the lists' headers
are computed once for a few minutes (prevention/selectors_remembered.py), not on every page."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prevention.actions.selectors import action_list
from prevention.actions.services import record_action
from prevention.fiche.selectors import fiche_rows
from prevention.models import FicheVersion, PreventionAction
from spsti.pagination import RowCompare
from tests.accounts.factories import HealthCenterFactory, StaffAssignmentFactory
from tests.conftest import login
from tests.prevention.factories import FicheFactory, FicheVersionFactory, PreventionActionFactory
from tests.suivi_sante.agenda.support import ctx_of
from tests.test_keyset_pagination import _grow
from tests.test_keyset_plans_activity import _walk

pytestmark = pytest.mark.django_db
ROWS = 3000


def test_the_actions_walk_their_order_index_from_the_key(world):
    PreventionActionFactory(adherent=world.adherent)
    _grow(
        PreventionAction,
        ROWS,
        performed_on="performed_on - n",
        kind="(CASE WHEN n %% 10 = 0 THEN 'cse_meeting' ELSE 'awareness' END)",
    )
    ctx = ctx_of(world, "prevention_assistant")
    actions = action_list(ctx)
    assert "Index Scan Backward using amt_list_order_idx" in _walk(actions[:51])
    key = actions.values_list("performed_on", "pk")[1500]
    plan = _walk(actions.filter(RowCompare(("performed_on", "pk"), "<", key))[:51])
    assert "Index Scan Backward using amt_list_order_idx" in plan, plan
    assert "Index Cond: (ROW(performed_on, id) < ROW(" in plan, plan
    cse = action_list(ctx, kind="cse_meeting")
    plan = _walk(cse.filter(RowCompare(("performed_on", "pk"), "<", key))[:51])
    assert "Index Scan Backward using amt_kind_order_idx" in plan, plan
    assert {a.kind for a in cse[:5]} == {"cse_meeting"}


def test_the_fe_to_establish_walk_the_members_in_joining_order(world):
    """« À établir »: the members oldest first, read in adherent_joined_name_idx's order, not
    every member of the centre sorted (sorts off: on a few members, sorting them is cheaper;
    without the index no plan gives this order unsorted)."""
    ctx, today = ctx_of(world, "physician"), timezone.localdate()
    plan = _walk(fiche_rows(ctx, status="a_etablir", today=today)[:51])
    assert "adherent_joined_name_idx" in plan, plan


def test_the_validated_filter_starts_from_the_versions_in_progress(world):
    """A draft of one establishment, a validated version of the other: the filter keeps the
    latter, read from the partial index of the versions in progress (fe_version_pending_idx)."""
    FicheVersionFactory(fiche=FicheFactory(establishment=world.establishment))
    ready = FicheVersionFactory(fiche=FicheFactory(establishment=world.other_establishment))
    FicheVersion.objects.filter(pk=ready.pk).update(
        status="validated", validated_by=world.actors["physician"], validated_at=timezone.now()
    )
    ctx, today = ctx_of(world, "physician"), timezone.localdate()
    validated = fiche_rows(ctx, status="validee", today=today)
    assert "fe_version_pending_idx" in _walk(validated)
    assert [row.pk for row in validated] == [world.other_establishment.pk]
    drafts = fiche_rows(ctx, status="brouillon", today=today)
    assert [row.pk for row in drafts] == [world.establishment.pk]
    assert drafts.count() == 1  # the staff home page's « fiches à valider »


def test_the_headers_figures_are_computed_once_then_remembered(world, client_for):
    """A second page of the lists runs none of the whole-centre aggregates again: fewer
    queries, the same figures shown."""
    client = client_for("physician")
    for name in ("fiche-list", "duerp-list", "action-list", "action-indicators"):
        url = reverse(f"backoffice:prevention:{name}")
        with CaptureQueriesContext(connection) as first:
            first_page = client.get(url)
        with CaptureQueriesContext(connection) as again:
            second_page = client.get(url)
        assert first_page.status_code == second_page.status_code == 200
        assert len(again) < len(first), name
        assert _body(second_page) == _body(first_page), name


def _body(response) -> str:
    """The page without its per-request CSRF tokens (64 letters and digits)."""
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "", response.content.decode())


def test_a_recorded_action_shows_at_once_in_the_time_by_kind(
    world, client_for, django_capture_on_commit_callbacks
):
    """The remembered time by kind is computed again once an action is recorded (committed)."""
    client = client_for("prevention_assistant")
    url = reverse("backoffice:prevention:action-list")
    PreventionActionFactory(adherent=world.adherent, duration_minutes=90)
    assert "90 min" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True) as committed:
        record_action(
            actor=ctx_of(world, "prevention_assistant"),
            adherent=world.adherent,
            kind="awareness",
            performed_on=timezone.localdate(),
            duration_minutes=45,
            description="Sensibilisation au bruit",
        )
    assert len(committed) == 1
    totals = client.get(url).context["totals"]
    assert [(t.kind, t.count, t.minutes) for t in totals] == [("awareness", 2, 135)]


def test_a_centre_with_no_team_yet_gets_empty_action_figures(world):
    """A new centre has no team: its scope is a filter on an empty list, which the ORM does not
    compile; the remembered figures are keyed as an empty statement, not an error."""
    assignment = StaffAssignmentFactory(
        center=HealthCenterFactory(name="Centre neuf"), role="prevention_assistant"
    )
    response = login(Client(), assignment.user).get(reverse("backoffice:prevention:action-list"))
    assert response.status_code == 200
    assert response.context["totals"] == []
    assert list(response.context["page"].items) == []
