"""The worker list's fast path (api.workers.selectors_page, issue 18 item 7): one query a page
after the token's (two with a filter: the rows, their employments), rows as the detail shows
them, cursors as before, the screens' filters."""

import base64
import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from adherents.models import AdherentMembership
from suivi_sante.enums import EndReason, FollowUpCategory
from tests.adherents.factories import EstablishmentFactory
from tests.api.helpers import bearer, make_token
from tests.suivi_sante.factories import EmploymentFactory, WorkerFactory

LIST = "api:worker-list"


@pytest.fixture
def secret(world):
    return make_token(world.actors["portal_admin"], world.adherent)[1]


def _queries(secret, url, params=None) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        response = bearer(secret).get(url, params or {})
    assert response.status_code == 200, response.content[:300]
    return len(captured), response.json()


def _cursor_position(link: str) -> str:
    cursor = parse_qs(urlsplit(link).query)["curseur"][0]
    return parse_qs(base64.b64decode(cursor).decode())["p"][0]


@pytest.mark.django_db
def test_a_page_is_the_token_query_and_one_query_whatever_its_rows(world, secret):
    url = reverse(LIST)
    _queries(secret, url)  # the last use is written once a minute: not in the counts below
    few, _ = _queries(secret, url)
    for worker in WorkerFactory.create_batch(30, adherent=world.adherent):
        EmploymentFactory(worker=worker, establishment=world.establishment)
        EmploymentFactory(
            worker=worker, establishment=world.establishment, start_on=datetime.date(2020, 1, 6)
        )
    many, body = _queries(secret, url, {"taille": 200})
    assert len(body["results"]) == 31
    assert few == many == 2  # the token with its grant; the page with its employments
    filtered, body = _queries(secret, url, {"category": FollowUpCategory.SI, "search": "a"})
    # Filtered (the ORM's query): the rows, then their employments unless there is none.
    assert filtered == (3 if body["results"] else 2)


@pytest.mark.django_db
def test_each_row_is_the_detail_of_the_worker_in_the_same_order(world, secret):
    """Fields, their order, the employments latest first with their dates and an open end:
    byte for byte what the detail (the model serializer over instances) answers."""
    worker = world.worker
    site = EstablishmentFactory(adherent=world.adherent)
    EmploymentFactory(
        worker=worker,
        establishment=world.establishment,
        start_on=datetime.date(2019, 2, 1),
        end_on=datetime.date(2021, 6, 30),
    )
    EmploymentFactory(worker=worker, establishment=site, start_on=datetime.date(2023, 9, 4))
    WorkerFactory.create_batch(2, adherent=world.adherent)
    client = bearer(secret)
    rows = client.get(reverse(LIST)).json()["results"]
    for row in rows:
        detail = client.get(reverse("api:worker-detail", args=[row["id"]])).json()
        assert list(row) == list(detail)
        assert row == detail
    mine = next(row for row in rows if row["id"] == worker.pk)
    assert list(mine) == [
        "id",
        "last_name",
        "first_name",
        "birth_date",
        "sex",
        "category",
        "employments",
    ]
    assert [(e["establishment"], e["start_on"], e["end_on"]) for e in mine["employments"]] == [
        (site.pk, "2023-09-04", None),
        (world.establishment.pk, "2019-02-01", "2021-06-30"),
    ]
    assert list(mine["employments"][0]) == [
        "id",
        "establishment",
        "job_title",
        "contract",
        "start_on",
        "end_on",
        "end_reason",
    ]


@pytest.mark.django_db
def test_a_departure_for_retirement_is_told_apart_in_the_list_and_the_detail(world, secret):
    """What makes an end-of-career visit due (L4624-2-1): the stored code, « retraite », on the
    post that ended so; an empty string on a post still open and on any other departure. The
    same on the one-statement page, the filtered list and the detail."""
    worker = WorkerFactory(adherent=world.adherent)
    retired = EmploymentFactory(
        worker=worker,
        establishment=world.establishment,
        start_on=datetime.date(2010, 1, 4),
        end_on=datetime.date(2020, 6, 30),
        end_reason=EndReason.RETIREMENT,
    )
    left = EmploymentFactory(
        worker=worker,
        establishment=world.establishment,
        start_on=datetime.date(2005, 1, 3),
        end_on=datetime.date(2009, 12, 31),
    )
    current = EmploymentFactory(
        worker=worker, establishment=world.establishment, start_on=datetime.date(2021, 1, 4)
    )
    expected = {current.pk: "", retired.pk: "retraite", left.pk: ""}
    client = bearer(secret)

    def reasons(row) -> dict[int, str]:
        return {post["id"]: post["end_reason"] for post in row["employments"]}

    for params in ({"taille": 200}, {"taille": 200, "establishment": world.establishment.pk}):
        rows = client.get(reverse(LIST), params).json()["results"]
        assert reasons(next(row for row in rows if row["id"] == worker.pk)) == expected, params
    detail = client.get(reverse("api:worker-detail", args=[worker.pk])).json()
    assert reasons(detail) == expected


@pytest.mark.django_db
def test_the_next_link_carries_the_last_id_as_before(world, secret):
    WorkerFactory.create_batch(4, adherent=world.adherent)
    client = bearer(secret)
    page = client.get(reverse(LIST), {"taille": 2}).json()
    assert page["previous"] is None
    assert "taille=2" in page["next"]
    assert _cursor_position(page["next"]) == str(page["results"][-1]["id"])
    seen = [w["id"] for w in page["results"]]
    link = page["next"]
    while link:
        page = client.get(link).json()
        seen += [w["id"] for w in page["results"]]
        link = page["next"]
    assert seen == sorted(world.adherent.workers.values_list("pk", flat=True))


@pytest.mark.django_db
def test_the_screens_filters_still_narrow_the_list(world, secret):
    site = EstablishmentFactory(adherent=world.adherent)
    left = WorkerFactory(adherent=world.adherent, category=FollowUpCategory.SIR)
    EmploymentFactory(
        worker=left,
        establishment=site,
        start_on=datetime.date(2020, 1, 6),
        end_on=datetime.date(2021, 1, 6),
    )
    staying = WorkerFactory(adherent=world.adherent)
    EmploymentFactory(worker=staying, establishment=site)
    client = bearer(secret)

    def ids(**params):
        response = client.get(reverse(LIST), params)
        assert response.status_code == 200
        return {w["id"] for w in response.json()["results"]}

    assert ids(establishment=site.pk) == {left.pk, staying.pk}
    assert ids(siret=site.siret, employment="en_cours") == {staying.pk}
    assert ids(employment="termine") == {left.pk}
    assert ids(category=FollowUpCategory.SIR) == {left.pk}
    assert ids(search="") == set(world.adherent.workers.values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_token_whose_role_ended_reads_nothing_more(world, secret):
    """The grant is read with the token, in its query: a role ended a moment ago counts."""
    assert bearer(secret).get(reverse(LIST)).status_code == 200
    AdherentMembership.objects.filter(
        user=world.actors["portal_admin"], adherent=world.adherent
    ).update(is_active=False)
    assert bearer(secret).get(reverse(LIST)).status_code == 401


@pytest.mark.django_db
def test_the_page_links_are_also_a_link_header(world, secret):
    WorkerFactory.create_batch(4, adherent=world.adherent)
    client = bearer(secret)
    first = client.get(reverse(LIST), {"taille": 2})
    assert first["Link"] == f'<{first.json()["next"]}>; rel="next"'
    second = client.get(first.json()["next"])
    body = second.json()
    assert second["Link"] == f'<{body["next"]}>; rel="next", <{body["previous"]}>; rel="prev"'
    everything = client.get(reverse(LIST), {"taille": 200})
    assert "Link" not in everything
