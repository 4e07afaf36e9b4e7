"""GET /api/v1/indicateurs/ for a staff token (issue 18): the catalogue with the nightly facts
over the token owner's scope, the same figures as the screens (tests/dashboards/cockpit), with
checked filters, cursor pages, and a bounded number of queries."""

import pytest
from django.urls import reverse

from accounts.enums import StaffRole
from tests.accounts.factories import StaffAssignmentFactory
from tests.api.helpers import actor_tokens, bearer, make_staff_token

pytestmark = pytest.mark.django_db
LIST = reverse("api:indicator-list")


def detail(indicator_id: str) -> str:
    return reverse("api:indicator-detail", args=[indicator_id])


def token_of(world, role, center=None):
    user = StaffAssignmentFactory(center=center or world.center, role=role, team=None).user
    return make_staff_token(user, center or world.center)[1]


def by_id(body) -> dict:
    return {row["indicator"]["id"]: row for row in body["results"]}


def test_the_direction_reads_every_centre_and_a_centre_manager_his_own(world, figures):
    direction = bearer(token_of(world, StaffRole.DIRECTION)).get(LIST)
    assert direction.status_code == 200
    flow = by_id(direction.json())["t_flow"]
    assert flow["figure"] == {"numerator": "4.00", "denominator": "8.00", "value": "50.00"}
    assert flow["indicator"]["name"] == "Visites test à temps"
    assert (flow["first_month"], flow["last_month"]) == ("2025-04-01", "2026-03-01")
    assert len(flow["months"]) == 12
    manager = bearer(token_of(world, StaffRole.CENTER_MANAGER)).get(LIST).json()
    assert by_id(manager)["t_flow"]["figure"]["value"] == "75.00"  # 3 of 4, the north only
    assert by_id(manager)["t_stock"]["figure"]["value"] == "120.00"
    south = bearer(token_of(world, StaffRole.CENTER_MANAGER, world.other_center)).get(LIST)
    assert by_id(south.json())["t_flow"]["figure"]["value"] == "25.00"
    assert by_id(south.json())["t_stock"]["figure"]["value"] is None


def test_the_centre_manager_cannot_reach_another_centre_by_a_filter(world, figures):
    client = bearer(token_of(world, StaffRole.CENTER_MANAGER))
    response = client.get(LIST, {"centre": world.other_center.pk})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["erreurs"] == {
        "centre": ["Ce centre ne fait pas partie de votre périmètre."]
    }
    response = client.get(LIST, {"equipe": world.other_team.pk})
    assert response.json()["erreurs"]["equipe"] == [
        "Cette équipe ne fait pas partie de votre périmètre."
    ]


def test_filters_narrow_the_figures_and_bad_ones_say_why_in_french(world, figures):
    client = bearer(token_of(world, StaffRole.DIRECTION))
    north = client.get(LIST, {"centre": world.center.pk, "du": "2026-01", "au": "2026-01"})
    row = by_id(north.json())["t_flow"]
    assert row["figure"]["value"] == "75.00"
    assert [m["month"] for m in row["months"]] == ["2026-01-01"]
    nurse = client.get(LIST, {"realise_par": "physician"}).json()
    assert by_id(nurse)["t_flow"]["figure"]["value"] == "25.00"
    only = client.get(LIST, {"domaine": "suivi", "equipe": world.team.pk}).json()
    assert by_id(only)["t_flow"]["figure"]["value"] == "75.00"
    for params, field, text in [
        ({"du": "2026-13"}, "du", "Mois attendu au format AAAA-MM"),
        ({"du": "٢٠٢٦-01"}, "du", "Mois attendu au format AAAA-MM"),
        ({"du": "2026-03", "au": "2026-01"}, "au", "Le mois de fin précède le mois de début."),
        ({"du": "2020-01", "au": "2026-01"}, "au", "La période est limitée à 60 mois."),
        ({"centre": "99999999999999999999"}, "centre", "entier valide"),
        ({"centre": "١"}, "centre", "entier valide"),
        ({"realise_par": "psy"}, "realise_par", "choix valide"),
    ]:
        response = client.get(LIST, params)
        assert response.status_code == 400, params
        assert text in response.json()["erreurs"][field][0], params


def test_a_physician_reads_his_own_teams_only(world, figures):
    physician = world.actors["physician"]  # world.team, in the north
    _, secret = make_staff_token(physician, world.center)
    body = bearer(secret).get(LIST).json()
    assert by_id(body)["t_flow"]["figure"]["value"] == "75.00"
    assert bearer(secret).get(LIST, {"equipe": world.other_team.pk}).status_code == 400


def test_the_detail_gives_the_breakdowns_and_an_unknown_id_is_a_404(world, figures):
    client = bearer(token_of(world, StaffRole.DIRECTION))
    body = client.get(detail("t_flow")).json()
    assert body["figure"]["value"] == "50.00"
    assert {row["key"]: row["value"] for row in body["breakdowns"]["performer"]} == {
        "nurse": "75.00",
        "physician": "25.00",
    }
    assert {row["label"] for row in body["breakdowns"]["center"]} == {"Centre Nord", "Centre Sud"}
    # Aggregated rows only: no list of workers behind a figure, as the screens' drill-down has.
    assert set(body["breakdowns"]) == {"kind", "performer", "center", "team"}
    assert set(body["breakdowns"]["team"][0]) == {
        "key",
        "label",
        "numerator",
        "denominator",
        "value",
    }
    missing = client.get(detail("inconnu"))
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_pages_follow_the_catalogue_by_cursor(world, figures):
    client = bearer(token_of(world, StaffRole.DIRECTION))
    first = client.get(LIST, {"taille": 2}).json()
    assert [r["indicator"]["id"] for r in first["results"]] == ["t_flow", "t_stock"]
    assert first["previous"] is None
    second_response = client.get(first["next"])
    second = second_response.json()
    assert [r["indicator"]["id"] for r in second["results"]] == ["t_days"]
    assert second["next"] is None
    assert second_response["Link"] == f'<{second["previous"]}>; rel="prev"'  # RFC 8288
    back = client.get(second["previous"]).json()
    assert back["results"] == first["results"]
    bad = client.get(LIST, {"curseur": "pas-un-curseur"})
    assert bad.status_code == 404
    assert bad.json()["detail"] == "Curseur de pagination invalide."


def test_the_list_costs_a_bounded_number_of_queries(world, figures, django_assert_max_num_queries):
    client = bearer(token_of(world, StaffRole.DIRECTION))
    client.get(LIST)  # the scope's and the last run's caches filled
    with django_assert_max_num_queries(6):
        one = client.get(LIST, {"taille": 1})
    with django_assert_max_num_queries(6):
        every = client.get(LIST, {"taille": 200})
    assert len(one.json()["results"]) == 1
    assert len(every.json()["results"]) == 3


def test_member_tokens_cannot_read_the_indicators(world, figures):
    for actor, secret in actor_tokens(world).items():
        for url in (LIST, detail("t_flow")):
            response = bearer(secret).get(url)
            assert response.status_code == 403, actor
            assert response["Content-Type"] == "application/problem+json"
