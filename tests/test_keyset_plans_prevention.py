"""The prevention lists at volume (issue 19, item 1): the actions' list walks its order index
from the key (with the kind filter, its own), the FE list's « Validée, à transmettre » filter
starts from the few versions in progress, the FE and DUERP lists read each member, FE and
workspace once, and the whole-centre figures of the lists' headers are computed once for a few
minutes (prevention/selectors_remembered.py), not on every page."""

import datetime
import re

import pgtrigger
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adherents.models import Adherent
from prevention.actions.selectors import action_list, cse_without_meeting, primary_action_alerts
from prevention.actions.services import record_action
from prevention.duerp.selectors import centre_duerps
from prevention.fiche.selectors import fiche_rows
from prevention.models import FicheVersion, PreventionAction
from spsti.pagination import RowCompare
from tests.accounts.factories import HealthCenterFactory, StaffAssignmentFactory
from tests.conftest import login
from tests.matrix_prevention.fiche import draft, sent
from tests.prevention.duerp.support import add_risk, open_workspace, publish, unit_of
from tests.prevention.factories import FicheFactory, FicheVersionFactory, PreventionActionFactory
from tests.suivi_sante.agenda.support import ctx_of
from tests.test_keyset_pagination import _grow, _plan
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


def test_the_primary_alerts_walk_their_order_index_from_the_key(world):
    """The alerts' first and deep pages walk adherent_primary_since_idx (active members by the
    date their delay runs from, then name) from the key: no member before it is read, no
    member's actions (the date is the one the database keeps), nothing sorted."""
    _grow(
        Adherent,
        ROWS,
        siren="lpad((900000000 + n)::text, 9, '0')",
        name="'Membre ' || lpad((n %% 700)::text, 4, '0')",
        joined_on="joined_on - 400 - n",
        last_primary_action_on="(CASE WHEN n %% 4 = 0 THEN DATE '2018-01-01' + n %% 900 END)",
    )
    alerts = primary_action_alerts(
        ctx_of(world, "physician"), today=datetime.date(2026, 11, 23), years=4
    )
    plan = _walk(alerts[:51])
    assert "Index Scan using adherent_primary_since_idx" in plan, plan
    order = ("primary_since", "name", "pk")
    key = alerts.values_list(*order)[1500]
    deep = alerts.filter(RowCompare(order, ">", key), primary_since__gte=key[0])
    plan = _walk(deep[:51])
    assert "Index Scan using adherent_primary_since_idx" in plan, plan
    condition = next(line for line in plan.splitlines() if "Index Cond:" in line)
    assert "ROW(COALESCE(last_primary_action_on, joined_on), (name)::text, id) > ROW(" in condition
    assert "prevention_preventionaction" not in plan, plan
    assert [row.pk for row in deep[:3]] == [row.pk for row in alerts[1501:1504]]


def test_the_cse_list_walks_the_members_with_a_cse_only(world):
    """The members with a CSE/CSSCT not met in 12 months: walked by name in the partial index
    of the active members with a CSE (adherent_active_cse_name_idx), from the key; the members
    without one (most) are not read."""
    _grow(
        Adherent,
        ROWS,
        siren="lpad((900000000 + n)::text, 9, '0')",
        name="'Membre ' || lpad(n::text, 5, '0')",
        has_cse="(n %% 10 = 0)",
    )
    missing = cse_without_meeting(ctx_of(world, "physician"), today=datetime.date(2026, 11, 23))
    key = missing.values_list("name", "pk")[100]
    plan = _walk(missing.filter(RowCompare(("name", "pk"), ">", key))[:51])
    assert "Index Scan using adherent_active_cse_name_idx" in plan, plan
    assert "ROW((name)::text, id) > ROW(" in plan, plan


def test_the_fe_to_establish_walk_the_members_in_joining_order(world):
    """« À établir »: the members oldest first, read in the order of an index by joining date,
    not every member of the centre sorted (sorts off: on a few members, sorting them is cheaper;
    without such an index no plan gives this order unsorted). With the teams tested on the
    member row itself, the planner may also walk one team's members by adherent_team_joined_idx
    (team, joining date): the order is given all the same, only ties sorted."""
    ctx, today = ctx_of(world, "physician"), timezone.localdate()
    plan = _walk(fiche_rows(ctx, status="a_etablir", today=today)[:51])
    assert "adherent_joined_name_idx" in plan or "adherent_team_joined_idx" in plan, plan
    assert "Presorted Key: adherents_adherent.joined_on" in plan, plan


def test_the_validated_filter_starts_from_the_versions_in_progress(world):
    """A draft of one establishment, a validated version of the other: each filter keeps its
    own, read from a partial index of the versions in progress (fe_version_pending_idx, or
    fe_one_draft for the drafts), never by reading every establishment of the centre."""
    FicheVersionFactory(fiche=FicheFactory(establishment=world.establishment))
    # Among many sent versions (a centre's history), with fresh statistics: on two rows the
    # planner's choice of index depends on whether autovacuum has analysed the table yet.
    with pgtrigger.ignore("prevention.FicheVersion:fe_version_frozen"):  # sent: frozen rows
        _grow(
            FicheVersion,
            ROWS,
            number="number + n",
            status="'sent'",
            validated_by_id="drafted_by_id",
            validated_at="created_at",
            sent_at="created_at",
            pdf="'fe.pdf'",
            sha256="repeat('a', 64)",
        )
    ready = FicheVersionFactory(fiche=FicheFactory(establishment=world.other_establishment))
    FicheVersion.objects.filter(pk=ready.pk).update(
        status="validated", validated_by=world.actors["physician"], validated_at=timezone.now()
    )
    ctx, today = ctx_of(world, "physician"), timezone.localdate()
    validated = fiche_rows(ctx, status="validee", today=today)
    assert "fe_version_pending_idx" in _walk(validated)
    assert [row.pk for row in validated] == [world.other_establishment.pk]
    drafts = fiche_rows(ctx, status="brouillon", today=today)
    plan = _walk(drafts)  # the drafts' own partial index, or that of the versions in progress
    assert "fe_one_draft" in plan or "fe_version_pending_idx" in plan, plan
    assert [row.pk for row in drafts] == [world.establishment.pk]
    assert drafts.count() == 1  # the staff home page's « fiches à valider »


def _scans(plan: str, table: str) -> int:
    """How many nodes of the plan read `table` (under its name or an alias: u0, u1…)."""
    return len(re.findall(rf" on {table}\b", plan))


@pytest.mark.parametrize("status", ["", "a_etablir", "brouillon", "validee", "a_renouveler"])
def test_the_fe_list_reads_each_member_and_each_fe_once(world, status):
    """The centre's scope is tested on the member row the list joins anyway (prevention's
    `scoped`), not by reading each member a second time (an IN of the teams' members); the last
    sending, the version in progress and the « à établir » filter read the versions by the
    joined FE's id, not by joining the FEs again in each subquery. Fewer tables to plan: 2.4 to
    3.7 ms of planning per page on the large dataset before, 0.6 to 0.9 ms after."""
    draft(world)
    ctx, today = ctx_of(world, "physician"), timezone.localdate()
    plan = _plan(fiche_rows(ctx, status=status, today=today)[:51])
    assert _scans(plan, "adherents_adherent") == 1, plan
    assert _scans(plan, "prevention_ficheentreprise") == 1, plan
    assert _scans(plan, "adherents_establishment") == 1, plan


def test_the_fe_list_shows_the_last_sending_and_the_version_in_progress(world, client_for):
    """What each row says is unchanged: the date of the last version sent and the version in
    progress of its FE; « Aucune » for an establishment without FE. Only the list's columns
    are read: another one shown would cost a query per row (deferred), counted here."""
    first = sent(world, sent_on=datetime.date(2026, 3, 2))
    draft(world, number=2)
    url = reverse("backoffice:prevention:fiche-list")
    client = client_for("physician")
    client.get(url)  # the header's figures, remembered
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    rows = {row.pk: row for row in response.context["page"].items}
    with_fe, without = rows[world.establishment.pk], rows[world.other_establishment.pk]
    assert (with_fe.last_sent_at, with_fe.pending_status) == (first.sent_at, "draft")
    assert with_fe.has_sent
    assert with_fe.fiche.pk == first.fiche_id
    assert with_fe.due.label.startswith("À jour (renouvellement avant le ")
    assert (without.fiche, without.last_sent_at, without.pending_status) == (None, None, None)
    assert without.due.label.startswith("Première FE ")
    page = response.content.decode()
    assert '02/03/2026<br><span class="small">Brouillon en cours</span>' in page
    assert "Aucune" in page
    assert "Pas encore de fiche" in page
    assert world.other_establishment.siret in page
    assert world.adherent.team.name in page
    assert len(queries) == 2, [q["sql"][:80] for q in queries]  # the user, the page


def test_the_duerp_list_joins_each_workspace_once(world, client_for):
    """The member's workspace is joined once; its risks and versions are read by its id, not by
    looking the workspace up again from the member in each of four subqueries; the members'
    rows are read once, their names only. The page still shows each member's state."""
    duerp = open_workspace(world)
    add_risk(world, duerp, unit_of(world, "Fournil", 5))
    publish(world, duerp, cse_consulted_on=timezone.localdate())
    plan = _plan(centre_duerps(ctx_of(world, "physician"))[:51])
    assert _scans(plan, "prevention_duerp") == 1, plan
    assert _scans(plan, "adherents_adherent") == 1, plan
    response = client_for("physician").get(reverse("backoffice:prevention:duerp-list"))
    members = {row["member"].pk: row["member"] for row in response.context["rows"]}
    opened, other = members[world.adherent.pk], members[world.other_adherent.pk]
    assert (opened.duerp_id, opened.duerp_headcount, opened.risk_count) == (duerp.pk, 12, 1)
    assert opened.last_published_at is not None
    assert (other.duerp_id, other.risk_count, other.last_published_at) == (None, 0, None)
    page = response.content.decode()
    assert "1 risque évalué" in page
    assert "Non ouvert" in page


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
