"""Sessions read from Redis (cached_db) still end for real: a logout, a password change."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _logged_in(user) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    return client, client.cookies[settings.SESSION_COOKIE_NAME].value


def _replay(key: str) -> Client:
    """Another browser presenting a stolen or old session cookie."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


def test_sessions_are_durable_in_the_database_and_read_from_redis():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    _, key = _logged_in(UserFactory(kind="portal"))
    assert Session.objects.filter(session_key=key).exists()
    assert cache.get(f"django.contrib.sessions.cached_db{key}") is not None


def test_a_logout_ends_the_session_in_redis_and_in_the_database():
    client, key = _logged_in(UserFactory(kind="portal"))
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert cache.get(f"django.contrib.sessions.cached_db{key}") is None
    assert "_auth_user_id" not in _replay(key).session.load()


def test_a_password_change_ends_the_other_sessions():
    user = UserFactory(kind="portal")
    _, key = _logged_in(user)
    user.set_password("un autre mot de passe assez long 42")
    user.save()
    replayed = _replay(key)
    request = replayed.get(reverse("account_email"))
    assert request.status_code == 302
    assert reverse("account_login") in request["Location"]


def test_the_session_user_is_read_afresh_as_the_orm_reads_it():
    """UserManager.get(pk=) reads the row by a prepared statement: the same values as the ORM's
    own query, one query, no column needing a database converter, and no user is no user."""
    from django.db import connection
    from django.db.models.expressions import Col
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    user = UserFactory(kind="staff")
    with CaptureQueriesContext(connection) as queries:
        fast = User.objects.get(pk=user.pk)
    assert len(queries) == 1
    orm = User.objects.filter(pk=user.pk).get()
    fields = User._meta.concrete_fields
    assert [getattr(fast, f.attname) for f in fields] == [getattr(orm, f.attname) for f in fields]
    assert not fast._state.adding
    assert fast._state.db == "default"
    assert not any(
        f.get_db_converters(connection) or connection.ops.get_db_converters(Col("t", f))
        for f in fields
    )
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=user.pk + 1000)


def test_a_deactivated_user_is_logged_out_at_the_next_request():
    user = UserFactory(kind="portal")
    client, _ = _logged_in(user)
    assert client.get("/").wsgi_request.user.is_authenticated
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert not client.get("/").wsgi_request.user.is_authenticated
