"""Schemathesis against the live schema (issue 18, item 6): for each token kind, every operation
is called with data drawn from the schema (valid and not): never a 500, and every answer (status,
content type, headers, body) is one the schema declares.

The Django application is called in-process (WSGI), inside the test's transaction: the world's
rows are there, and nothing outlives the test."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.enums import ApiScope
from tests.adherents.factories_billing import issue_for
from tests.adherents.factories_workforce import campaign_around_today
from tests.api.helpers import firm_of, make_staff_token, make_token
from tests.matrix_prevention.duerp import _version
from tests.matrix_suivi.agenda import _visit
from tests.matrix_suivi.dmst import stored_document
from tests.suivi_sante.factories import AbsenceFactory, EmploymentFactory

EXAMPLES = 20  # per operation and token kind: a few seconds in all


@pytest.fixture
def api_schema(db):
    # As Django's test client does: a request must not close the test's connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token_secrets(world, settings) -> dict[str, str]:
    """One token of each kind: a member's admin (every scope), a read-only one, a firm's, and a
    staff token (a physician's, indicators:read)."""
    settings.SPSTI_API_RATE = "100000/min"  # the fuzzer is not what tests the throttle
    actors, firm_user = world.actors, world.actors["firm_unmandated"]
    return {
        "member_admin": make_token(actors["portal_admin"], world.adherent)[1],
        "member_read_only": make_token(
            actors["portal_admin"], world.adherent, scopes=[ApiScope.WORKERS_READ]
        )[1],
        "firm": make_token(firm_user, world.other_adherent, firm=firm_of(firm_user))[1],
        "staff": make_staff_token(actors["physician"], world.center)[1],
    }


def _known_ids(world) -> dict[str, int | str]:
    """Real objects of member A, so that the drawn calls reach past the 404."""
    employment = EmploymentFactory(worker=world.worker, establishment=world.establishment)
    campaign_around_today()
    convocation = _visit(world).convocation
    return {
        "/api/v1/factures/{id}/pdf/": issue_for(world).pk,
        "/api/v1/etablissements/{id}/effectifs/": world.establishment.pk,
        "/api/v1/salaries/{id}/absences/": world.worker.pk,
        "/api/v1/absences/{id}/reprise/": AbsenceFactory(worker=world.worker, end_on=None).pk,
        "/api/v1/duerp/versions/{id}/pdf/": _version(world).pk,
        "/api/v1/documents/{id}/pdf/": stored_document(world).pk,
        "/api/v1/convocations/{id}/confirmation/": convocation.pk,
        "/api/v1/convocations/{id}/autre-creneau/": convocation.pk,
        "/api/v1/salaries/{id}/": world.worker.pk,
        "/api/v1/salaries/{id}/visites-a-prevoir/": world.worker.pk,
        "/api/v1/emplois/{id}/sortie/": employment.pk,
        "/api/v1/indicateurs/{indicator_id}/": "visits_on_time",
    }


def _aimed(case, world, known: dict[str, int | str]) -> bool:
    """Point the drawn case at member A's real rows; False when there is nothing to aim."""
    aimed = False
    for name in ("id", "indicator_id"):
        if case.path_parameters and name in case.path_parameters and case.path in known:
            case.path_parameters[name] = known[case.path]
            aimed = True
    if case.method == "POST" and isinstance(case.body, dict) and "establishment" in case.body:
        case.body["establishment"] = world.establishment.pk
        aimed = True
    return aimed


def _fuzz(operation, secrets: dict[str, str], world, known: dict[str, int | str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        for aim in (False, True):
            if aim and not _aimed(case, world, known):
                continue
            for secret in secrets.values():
                case.call_and_validate(
                    headers={"Authorization": f"Bearer {secret}"},
                    # Schema-valid data the domain refuses (a NIR whose key is wrong, an
                    # establishment of another member): a French 400 by design, not a fault.
                    excluded_checks=[positive_data_acceptance],
                )

    run()


@pytest.mark.django_db
def test_no_500_and_answers_match_the_schema(api_schema, token_secrets, world):
    known = _known_ids(world)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 21
    failures = []
    for operation in operations:
        try:
            _fuzz(operation, token_secrets, world, known)
        except Exception as error:  # noqa: BLE001 - every operation's failure is reported
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
