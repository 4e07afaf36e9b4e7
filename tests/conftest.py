"""Fixtures shared by every app's tests: a small world of actors, logged-in clients."""

import os
import time
import uuid
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.test import Client

from accounts.enums import AdherentRole, MandateScope, StaffRole
from tests.accounts.factories import (
    HealthCenterFactory,
    StaffAssignmentFactory,
    StaffUserFactory,
    TeamFactory,
    UserFactory,
)
from tests.adherents.factories import (
    AccountingFirmMemberFactory,
    AdherentFactory,
    AdherentMembershipFactory,
    EstablishmentFactory,
    MandateFactory,
)
from tests.suivi_sante.factories import WorkerFactory

# pytest-django's live_server runs in a thread beside Playwright's event loop (stack-notes.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test its own cache namespace in the real Redis: rate limits never leak across tests."""
    caches = {**settings.CACHES}
    caches["default"] = {**caches["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def _plain_static_storage_and_documents_in_a_temporary_folder(settings, tmp_path, monkeypatch):
    """Plain static storage; documents written under this test's temporary folder, never under
    the developer's .data/ (a worker or `make run` subprocess inherits it through the env)."""
    documents = tmp_path / "documents"
    monkeypatch.setenv("SPSTI_DOCUMENTS_ROOT", str(documents))
    monkeypatch.delenv("SPSTI_S3_BUCKET", raising=False)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "documents": {
            "BACKEND": "spsti.documents_storage.NeverOverwriteFileSystemStorage",
            "OPTIONS": {"location": str(documents)},
        },
    }


@pytest.fixture(autouse=True)
def _tasks_run_in_the_test_process(request):
    """Tasks queued by our code run at once, in this process, on the test database (Celery's
    eager mode). Tests marked `worker` keep the real broker and a real worker process."""
    from spsti.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False


@pytest.fixture(autouse=True)
def _outbox_sends_when_the_code_commits(request, monkeypatch):
    """The outbox queues its sending task on commit (spsti.outbox). A non-transactional test
    runs inside a transaction that never commits, so here the test's own wrapping transaction
    stands for the autocommit the code runs in outside tests: an outbox callback registered
    when none of the code's atomic blocks is open runs at once, and one registered inside a
    block the code opened runs when that outermost block exits without error (a savepoint
    rolled back discards it, as Django does). Other on_commit callbacks keep their behaviour:
    `django_capture_on_commit_callbacks` runs them. Transactional tests commit for real."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    uses_db = marker is not None or "db" in names or "_django_db_helper" in names
    commits = (
        (marker is not None and marker.kwargs.get("transaction"))
        or "transactional_db" in names
        or "live_server" in names
    )
    if request.node.get_closest_marker("worker") or not uses_db or commits:
        yield
        return
    from django.db import connections
    from django.db.transaction import Atomic

    from spsti import outbox

    request.getfixturevalue("_django_db_helper")  # the test's wrapping transaction, opened
    connection = connections["default"]
    base = len(connection.atomic_blocks)

    def is_outbox(func) -> bool:
        return getattr(func, "func", None) is outbox.enqueue

    def run_pending():
        while True:
            pending = [entry for entry in connection.run_on_commit if is_outbox(entry[1])]
            if not pending:
                return
            connection.run_on_commit = [
                entry for entry in connection.run_on_commit if not is_outbox(entry[1])
            ]
            for _, func, _ in pending:
                func()

    original_exit = Atomic.__exit__

    def exit_then_send(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        if exc_type is None and len(connection.atomic_blocks) == base:
            run_pending()
        return result

    original_on_commit = type(connection).on_commit

    def on_commit(self, func, robust=False):
        original_on_commit(self, func, robust)
        if is_outbox(func) and len(self.atomic_blocks) == base:
            run_pending()

    monkeypatch.setattr(Atomic, "__exit__", exit_then_send)
    monkeypatch.setattr(type(connection), "on_commit", on_commit)
    yield


@pytest.fixture(autouse=True)
def _reference_data_after_a_flush(request):
    """Transactional tests start from a flushed database: reload the shipped reference data
    (hazard thesaurus, evaluation grid, default trajectory) a data migration normally provides."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        from django.apps import apps

        from adherents.data.trajectory import load_default_trajectory
        from certification.data.spec2217 import load_default_skeleton
        from prevention.data.load import load_reference_data

        request.getfixturevalue("transactional_db")
        load_reference_data(apps)
        load_default_trajectory(apps)
        load_default_skeleton(apps)


def enrol_totp(user) -> str:
    """Give a staff user a TOTP authenticator; returns its secret (to compute codes)."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


TOTP_STEP = 30  # seconds (RFC 6238, allauth's MFA_TOTP_PERIOD)
TOTP_MARGIN = 10  # seconds a test may take between computing a code and the server checking it


def totp_code(secret: str) -> str:
    """The code an authenticator app shows right now for this secret, still valid for at least
    TOTP_MARGIN seconds: near the end of a step, wait for the next one. The server accepts the
    current step only (MFA_TOTP_TOLERANCE = 0), so a code computed at 29.9 s would fail a test
    at random. Under a frozen clock (time-machine, tick=False) the wait changes nothing."""
    now = time.time()
    left = TOTP_STEP - now % TOTP_STEP
    if left < TOTP_MARGIN:
        time.sleep(left + 0.05)
        now = time.time()
    return format_hotp_value(hotp_value(secret, int(now) // TOTP_STEP))


def login(client: Client, user) -> Client:
    """Log a user in; staff get a TOTP authenticator and a session that passed MFA."""
    if user is None:
        return client
    client.force_login(user)
    if user.is_service_staff:
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            enrol_totp(user)
        # What allauth records after a password + TOTP login, written into the test session.
        request = SimpleNamespace(session=client.session)
        record_authentication(request, user, "password", email=user.email)
        record_authentication(request, user, "mfa", type="totp")
        request.session.save()
    return client


@dataclass
class World:
    """Two centres, two members followed by centre 1, two firms, staff of several roles."""

    center: object
    other_center: object
    adherent: object
    other_adherent: object
    establishment: object
    other_establishment: object
    worker: object
    actors: dict
    team: object = None
    other_team: object = None


@pytest.fixture
def world(db) -> World:
    center, other_center = (
        HealthCenterFactory(name="Centre Nord"),
        HealthCenterFactory(name="Centre Sud"),
    )
    team, other_team = TeamFactory(center=center), TeamFactory(center=other_center)
    adherent = AdherentFactory(team=team, name="Boulangerie Alpha")
    other_adherent = AdherentFactory(team=team, name="Garage Bêta")
    establishment = EstablishmentFactory(adherent=adherent, is_head_office=True)
    other_establishment = EstablishmentFactory(adherent=other_adherent, is_head_office=True)
    worker = WorkerFactory(adherent=adherent)
    WorkerFactory(adherent=other_adherent)
    AdherentFactory(team=other_team, name="Scierie Gamma")

    portal_admin = AdherentMembershipFactory(adherent=adherent, role=AdherentRole.ADMIN).user
    portal_other = AdherentMembershipFactory(adherent=other_adherent, role=AdherentRole.ADMIN).user
    firm_mandated = AccountingFirmMemberFactory().user
    MandateFactory(
        firm=firm_mandated.firm_memberships.get().firm,
        adherent=adherent,
        scopes=[MandateScope.WORKFORCE, MandateScope.INVOICES],
    )
    firm_unmandated = AccountingFirmMemberFactory().user  # its firm acts for the other member
    MandateFactory(
        firm=firm_unmandated.firm_memberships.get().firm,
        adherent=other_adherent,
        scopes=[MandateScope.WORKERS],
    )

    def staff(role, where):
        return StaffAssignmentFactory(
            center=where, role=role, team=team if where == center else other_team
        ).user

    actors = {
        "anonymous": None,
        "portal_admin": portal_admin,
        "portal_other": portal_other,
        "firm_mandated": firm_mandated,
        "firm_unmandated": firm_unmandated,
        "physician": staff(StaffRole.PHYSICIAN, center),
        "physician_other": staff(StaffRole.PHYSICIAN, other_center),
        "nurse": staff(StaffRole.NURSE, center),
        "prevention_assistant": staff(StaffRole.PREVENTION_ASSISTANT, center),
        "secretary": staff(StaffRole.MEDICAL_SECRETARY, center),
        "member_service": staff(StaffRole.MEMBER_SERVICE, center),
        "billing": staff(StaffRole.BILLING, center),
    }
    return World(
        center,
        other_center,
        adherent,
        other_adherent,
        establishment,
        other_establishment,
        worker,
        actors,
        team,
        other_team,
    )


@pytest.fixture
def client_for(world):
    """client_for("nurse") -> a Client logged in as that actor of the world."""

    def make(actor: str) -> Client:
        return login(Client(), world.actors[actor])

    return make


@pytest.fixture
def staff_user(db):
    return StaffUserFactory()


@pytest.fixture
def portal_user(db):
    return UserFactory()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Pages in French, as our users' browsers are."""
    return {**browser_context_args, "locale": "fr-FR"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless, with no call home (stack-notes.md)."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def migrations_fingerprint() -> str:
    """A hash of what builds the test database: every migration, the reference data the data
    migrations load, and the locked dependencies (pgtrigger, pghistory, Django...)."""
    import hashlib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    files = sorted(
        [*root.glob("*/migrations/*.py"), *root.glob("*/data/*.py"), root / "uv.lock"],
        key=lambda path: path.relative_to(root).as_posix(),
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """--reuse-db keeps the database as the last run left it, and a transactional test ends
    with a flush: reload the reference data the two data migrations provide (idempotent)."""
    from django.apps import apps

    from adherents.data.trajectory import load_default_trajectory
    from certification.data.spec2217 import load_default_skeleton
    from prevention.data.load import load_reference_data

    with django_db_blocker.unblock():
        load_reference_data(apps)
        load_default_trajectory(apps)
        load_default_skeleton(apps)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """Name the test database after migrations_fingerprint(): `--reuse-db` then reuses a
    database only while nothing that builds it changed (pytest-django would otherwise keep a
    database built from migrations since edited, or renumbered by a merge)."""
    from pytest_django.fixtures import _set_suffix_to_test_databases

    _set_suffix_to_test_databases(suffix=f"m{migrations_fingerprint()}")


@pytest.fixture
def csp_violations(page) -> list[str]:
    """What Chromium refused under the Content-Security-Policy (console errors), page by page
    (browser tests: `page` is pytest-playwright's)."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused
