"""A real HTTP client against the running server: what an integrator's payroll software does
(the README's curl example), from the token to the worker's due visits."""

import json
import urllib.error
import urllib.request

import pytest

from tests.api.helpers import hire_payload, make_token

pytestmark = pytest.mark.django_db(transaction=True)


def _call(url: str, secret: str, body: dict | None = None, **headers):
    request = urllib.request.Request(  # noqa: S310 - the test server's http:// URL
        url,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Authorization": f"Bearer {secret}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            **headers,
        },
        method="POST" if body is not None else "GET",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.headers, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read())


def test_a_payroll_software_declares_a_hire_and_reads_what_is_due(live_server, world):
    _, secret = make_token(world.actors["portal_admin"], world.adherent)
    api = f"{live_server.url}/api/v1"
    status, _, sites = _call(f"{api}/etablissements/", secret)
    assert status == 200
    site = sites["results"][0]["id"]
    status, _, worker = _call(
        f"{api}/salaries/", secret, hire_payload(site), **{"Idempotency-Key": "paie-0001"}
    )
    assert status == 201, worker
    status, _, dues = _call(f"{api}/salaries/{worker['id']}/visites-a-prevoir/", secret)
    assert status == 200
    vip = next(d for d in dues if d["kind"] == "VIP")  # and the mid-career visit, at 45
    assert vip["article"] == "R4624-10"
    assert vip["reason"].startswith("Suivi SI : visite à réaliser avant le ")
    # A bad NIR key: refused in French, as application/problem+json.
    status, headers, problem = _call(
        f"{api}/salaries/", secret, hire_payload(site, nir="290057505612300")
    )
    assert status == 400
    assert headers["Content-Type"] == "application/problem+json"
    assert "nir" in problem["erreurs"]
