"""spsti.prepared: the API's constant statements are planned once per connection, and still
counted and logged like Django's own queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.tokens.selectors import live_token
from api.tokens.services import hash_secret
from spsti.prepared import prepared_cursor
from tests.api.helpers import make_token

STATEMENT = "SELECT count(*) FROM accounts_user WHERE id > %(above)s AND date_joined < %(before)s"


def _prepared(fragment: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{fragment}%"],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_statement_is_prepared_once_and_gives_the_same_answer_each_time():
    before = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)
    answers = []
    for _ in range(7):
        with prepared_cursor() as cursor:
            cursor.execute(STATEMENT, {"above": 0, "before": before})
            answers.append(cursor.fetchone()[0])
    assert len(set(answers)) == 1
    assert _prepared("FROM accounts_user WHERE id > $1 AND date_joined < $2") == 1


@pytest.mark.django_db
def test_its_statements_are_captured_like_the_others():
    with CaptureQueriesContext(connection) as captured, prepared_cursor() as cursor:
        cursor.execute("SELECT %(one)s::int", {"one": 1})
        assert cursor.fetchone() == (1,)
    assert len(captured) == 1
    assert captured[0]["sql"].startswith("SELECT")


@pytest.mark.django_db
def test_the_token_statement_is_prepared(world):
    _, secret = make_token(world.actors["portal_admin"], world.adherent)
    found = [live_token(hash_secret(secret)) for _ in range(6)]
    assert {token.pk for token in found} == {found[0].pk}
    assert _prepared('FROM "api_apitoken" t') == 1
    assert live_token(hash_secret(secret + "x")) is None


@pytest.mark.django_db
def test_switched_off_the_statements_go_as_djangos(settings):
    settings.SPSTI_DB_PREPARE = False
    for _ in range(3):
        with prepared_cursor() as cursor:
            cursor.execute(STATEMENT.replace("id >", "id >="), {"above": 0, "before": None})
    assert _prepared("FROM accounts_user WHERE id >=") == 0


@pytest.mark.django_db
def test_binary_rows_are_the_same_python_values_as_text_rows():
    statement = "SELECT %(id)s::bigint, %(name)s::varchar, %(day)s::date, NULL::date, %(n)s::int"
    params = {"id": 2**40, "name": "Zoé L'Hôte", "day": datetime.date(1987, 2, 28), "n": -3}
    rows = []
    for binary in (False, True):
        with prepared_cursor(binary=binary) as cursor:
            cursor.execute(statement, params)
            rows.append(cursor.fetchall())
    assert rows[0] == rows[1] == [(2**40, "Zoé L'Hôte", datetime.date(1987, 2, 28), None, -3)]
