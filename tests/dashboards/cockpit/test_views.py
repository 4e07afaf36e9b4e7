"""The cockpit, a domain page, the recompute button, and the home without the misleading zero."""

from datetime import date, datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from accounts.enums import StaffRole
from dashboards.facts.models import Fact, FactRun
from dashboards.facts.services import compute_facts
from tests.accounts.factories import StaffAssignmentFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(figures_today):
    return figures_today


def manager(world, role=StaffRole.DIRECTION):
    return login(Client(), StaffAssignmentFactory(center=world.center, role=role, team=None).user)


def test_the_director_sees_the_key_figures_of_every_centre(world, figures):
    page = manager(world).get(reverse("backoffice:dashboards:cockpit"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Visites test à temps" in html
    assert "50,0\u00a0%" in html
    assert "4 sur 8" in html
    assert "Comment ce chiffre est calculé" in html
    assert "visites tenues à temps" in html
    assert reverse("backoffice:dashboards:drill", args=["t_flow"]) in html
    assert "Recalculer les indicateurs maintenant" in html


def test_filters_narrow_the_figures_and_a_bad_period_says_why(world, figures):
    client = manager(world)
    url = reverse("backoffice:dashboards:cockpit")
    html = client.get(url, {"centre": world.center.pk}).content.decode()
    assert "75,0\u00a0%" in html  # 3/4 in the north only
    html = client.get(url, {"du": "2026-03", "au": "2026-01"}).content.decode()
    assert "Le mois de fin précède le mois de début." in html
    other_team = client.get(url, {"centre": world.center.pk, "equipe": world.other_team.pk})
    assert "Cette équipe n'appartient pas au centre choisi." in unescape(
        other_team.content.decode()
    )


def test_a_centre_manager_sees_his_centre_only(world, figures):
    client = manager(world, StaffRole.CENTER_MANAGER)
    html = client.get(reverse("backoffice:dashboards:cockpit")).content.decode()
    assert "75,0\u00a0%" in html
    # Another centre asked for in the URL is not a choice: the filter is ignored, not obeyed.
    html = client.get(
        reverse("backoffice:dashboards:cockpit"), {"centre": world.other_center.pk}
    ).content.decode()
    assert "25,0\u00a0%" not in html


def test_a_physician_reads_his_team_and_a_nurse_is_refused(world, figures, client_for):
    html = client_for("physician").get(reverse("backoffice:dashboards:cockpit")).content.decode()
    assert "75,0\u00a0%" in html
    assert "Recalculer" not in html
    assert client_for("nurse").get(reverse("backoffice:dashboards:cockpit")).status_code == 403


def test_domain_page_breaks_down_and_exports_for_management_only(world, figures):
    client = manager(world)
    url = reverse("backoffice:dashboards:domain", args=["suivi"])
    html = client.get(url).content.decode()
    assert "Par professionnel" in html
    assert "Infirmier(e)" in html
    assert "Par centre" in html
    csv = client.get(url, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Visites test à temps;;Total;50;4;8;%" in text
    assert "Salariés test suivis;;Total;120;120;;nombre" in text
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    cmt = manager(world, StaffRole.CMT)
    assert cmt.get(url).status_code == 200
    assert cmt.get(url, {"format": "csv"}).status_code == 404
    assert client.get(reverse("backoffice:dashboards:domain", args=["nothing"])).status_code == 404


def test_recompute_now_writes_a_new_run(
    world, test_indicators, today, django_capture_on_commit_callbacks
):
    client = manager(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backoffice:dashboards:recompute"))
    assert response.status_code == 302
    run = FactRun.objects.get()
    assert (run.first_month, run.last_month) == (date(2025, 3, 1), date(2026, 3, 1))
    assert (
        manager(world, StaffRole.CMT).post(reverse("backoffice:dashboards:recompute")).status_code
        == 403
    )


def test_cockpit_queries_do_not_grow_with_the_facts(
    world, test_indicators, today, django_assert_max_num_queries
):
    client = manager(world)
    url = reverse("backoffice:dashboards:cockpit")
    for month in range(1, 4):
        for performer in ("nurse", "physician"):
            test_indicators.cell(
                "t_flow",
                world.center,
                date(2026, month, 1),
                1,
                2,
                team=world.team,
                kind="VIP",
                performer=performer,
            )
    compute_facts([date(2026, m, 1) for m in range(1, 4)], today=today)
    # the session is read from Redis; user, assignments (the context), then what the cache does
    # not hold yet: the centres, the last run, the targets and the facts (a new run: read once,
    # then kept); the login wrote the session, a page within the minute does not
    with django_assert_max_num_queries(6) as small:
        client.get(url)
    # read again: only the user; the access context comes from the cache until it changes
    with django_assert_max_num_queries(1):
        client.get(url)
    for month in range(1, 4):
        for kind in ("REPRISE", "MI_CARRIERE", "DEMANDE"):
            test_indicators.cell(
                "t_flow",
                world.other_center,
                date(2026, month, 1),
                2,
                3,
                team=world.other_team,
                kind=kind,
                performer="nurse",
            )
    compute_facts([date(2026, m, 1) for m in range(1, 4)], today=today)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_the_home_has_no_misleading_zero_and_leads_to_the_dashboards(world, client_for):
    html = manager(world).get(reverse("backoffice:dashboard")).content.decode()
    assert "salariés" not in html
    assert "réservé aux professionnels" not in html
    assert reverse("backoffice:dashboards:cockpit") in html
    physician = client_for("physician").get(reverse("backoffice:dashboard")).content.decode()
    assert "salariés" in physician
    secretary = client_for("secretary").get(reverse("backoffice:dashboard")).content.decode()
    assert reverse("backoffice:dashboards:cockpit") not in secretary


def test_catalogue_page_lists_every_definition(world, test_indicators):
    html = manager(world).get(reverse("backoffice:dashboards:catalogue")).content.decode()
    assert "Délai test" in html
    assert "jours entre signalement et premier contact" in html


def test_every_breakdown_row_leads_to_its_list_and_the_cockpit_exports(world, figures):
    client = manager(world)
    html = client.get(reverse("backoffice:dashboards:domain", args=["suivi"])).content.decode()
    drill = reverse("backoffice:dashboards:drill", args=["t_flow"])
    assert f'{drill}?ventilation=VIP"' in html
    assert f'{drill}?realise_par=nurse"' in html
    assert f'{drill}?equipe={world.team.pk}"' in html
    assert f'{drill}?centre={world.other_center.pk}"' in html
    text = client.get(reverse("backoffice:dashboards:cockpit"), {"format": "csv"}).content
    assert "Visites test à temps;;Total;50;4;8;%" in text.decode("utf-8-sig")
    cmt = manager(world, StaffRole.CMT)
    assert cmt.get(reverse("backoffice:dashboards:cockpit"), {"format": "csv"}).status_code == 404


def test_figures_are_kept_until_the_next_computation(world, test_indicators, today):
    client = manager(world)
    url = reverse("backoffice:dashboards:cockpit")
    feb = date(2026, 2, 1)
    test_indicators.cell("t_flow", world.center, feb, 1, 4, team=world.team)
    compute_facts([feb], today=today)
    assert "25,0\u00a0%" in client.get(url).content.decode()
    Fact.objects.filter(indicator="t_flow").update(numerator=3)  # never done outside a run
    assert "25,0\u00a0%" in client.get(url).content.decode()  # read from the cache
    test_indicators.rows["t_flow"][0]["numerator"] = 2
    compute_facts([feb], today=today)  # a new run: a new key
    assert "50,0\u00a0%" in client.get(url).content.decode()


def test_a_new_run_a_new_target_and_a_new_team_show_at_once(world, figures, today):
    """What the pages keep in the cache (dashboards/selectors_reference.py) is dropped when it
    changes."""
    from dashboards.targets.models import Cpom, CpomTarget
    from tests.accounts.factories import TeamFactory

    client = manager(world)
    url = reverse("backoffice:dashboards:domain", args=["suivi"])
    before = unescape(client.get(url).content.decode())
    assert "Équipe du Jura" not in before
    assert "CPOM test" not in before
    runs = FactRun.objects.count()
    compute_facts([date(2026, 3, 1)], today=today)
    cpom = Cpom.objects.create(name="CPOM test", first_year=2026, last_year=2026)
    CpomTarget.objects.create(cpom=cpom, indicator="t_flow", year=2026, value=62)
    TeamFactory(center=world.center, name="Équipe du Jura")
    from dashboards.facts.selectors import last_run

    assert last_run() == FactRun.objects.filter(finished_at__isnull=False).first()
    assert FactRun.objects.count() == runs + 1
    after = unescape(client.get(url).content.decode())
    assert "Équipe du Jura" in after
    assert "CPOM test" in after


@pytest.fixture
def redis_round_trips(monkeypatch):
    """Every command sent to Redis (a pipeline counts once), still sent: nothing is faked."""
    import redis.client

    sent = []

    def counting(original):
        def send(self, *args, **kwargs):
            sent.append(args[0] if args else "pipeline")
            return original(self, *args, **kwargs)

        return send

    monkeypatch.setattr(
        redis.client.Redis, "execute_command", counting(redis.client.Redis.execute_command)
    )
    monkeypatch.setattr(redis.client.Pipeline, "execute", counting(redis.client.Pipeline.execute))
    return sent


def test_a_domain_page_read_again_costs_one_query_and_three_redis_round_trips(
    world, figures, today, django_assert_max_num_queries, redis_round_trips
):
    """The user (one query); from Redis: the session, the access context with its two tokens
    (one MGET), the last run, the targets and the centres (one MGET)."""
    client = manager(world)
    url = reverse("backoffice:dashboards:domain", args=["suivi"])
    client.get(url)
    redis_round_trips.clear()
    with django_assert_max_num_queries(1):
        assert client.get(url).status_code == 200
    assert redis_round_trips == ["GET", "MGET", "MGET"]


def test_a_lost_assignment_new_targets_and_a_new_run_are_seen_on_the_next_request(
    world, figures, today
):
    from dashboards.targets.models import Cpom, CpomTarget

    client = manager(world)
    url = reverse("backoffice:dashboards:domain", args=["suivi"])
    client.get(url)
    assert "CPOM test" not in unescape(client.get(url).content.decode())
    cpom = Cpom.objects.create(name="CPOM test", first_year=2026, last_year=2026)
    CpomTarget.objects.create(cpom=cpom, indicator="t_flow", year=2026, value=62)
    assert "CPOM test" in unescape(client.get(url).content.decode())
    compute_facts([date(2026, 3, 1)], today=today)
    newer = FactRun.objects.filter(finished_at__isnull=False).first()
    # a time of its own (the first run finished within the same minute); no signal needed:
    # the run's save already dropped the cached one, and nothing read it since
    finished = datetime(2026, 3, 19, 8, 15, tzinfo=ZoneInfo("Europe/Paris"))
    FactRun.objects.filter(pk=newer.pk).update(finished_at=finished)
    assert "calculés le 19/03/2026 à 08:15" in client.get(url).content.decode()
    user = client.session["_auth_user_id"]
    from accounts.models import StaffAssignment

    StaffAssignment.objects.get(user_id=user).delete()
    assert client.get(url).status_code == 403
