"""Every page that answers GET answers HEAD the same way, with an empty body (issue 19, item 7):
a load balancer, a link checker or `curl -I` must not get a 405. Views are decorated with
`require_safe` (GET and HEAD) or `require_http_methods(["GET", "HEAD", "POST"])`.

The pages come from the permission matrix, which another test keeps equal to the URL resolver
(tests/test_permission_matrix.py): for each page read with GET, one actor the matrix lets in
asks HEAD. A page no actor of the shared world may read (quality, direction, PDP cell) is asked
by an extra actor holding that role, GET then HEAD."""

from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.enums import StaffRole
from tests.accounts.factories import StaffAssignmentFactory
from tests.certification.helpers import add_quality_actors
from tests.conftest import login
from tests.pdp.factories import cell_member
from tests.test_permission_matrix import CASES

GET_PAGES = [case for case in CASES if case.method == "get"]
# Pages that answer no actor here with 200 (HEAD is still checked to answer as GET does): a
# redirect to the right place by design, or a download whose matrix row has no file (404).
NO_200_HERE = {
    "portal:no-member",
    "after-login",
    "public:joining-resume",
    "backoffice:pdp:consent-proof",  # an oral consent: nothing to download
    "backoffice:dashboards:report-download",  # a report row without its PDF
}


def _head(client: Client, url: str):
    response = client.head(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body, response.get("Content-Type", "")


def test_every_page_read_with_get_answers_head(world):
    add_quality_actors(world)
    extra = [
        world.actors["quality"],
        world.actors["direction"],
        cell_member(world.center, team=world.team),
        StaffAssignmentFactory(center=world.center, role=StaffRole.DIRECTION, team=world.team).user,
    ]
    # Logged in once, outside the rolled-back block of each page (a session created inside it
    # would vanish with it).
    users = [user for user in world.actors.values() if user is not None] + extra
    clients = {user: login(Client(), user) for user in users}

    def client_of(user) -> Client:
        return clients[user]

    problems: list[str] = []
    served: set[str] = set()
    for case in GET_PAGES:
        if case.url_name.startswith("admin:"):
            continue  # superusers only; Django's admin answers HEAD itself
        with transaction.atomic():
            url = reverse(case.url_name, args=case.args(world))
            allowed = [a for a, e in case.expected.items() if e == 200 and a != "anonymous"]
            if allowed:
                status, body, content_type = _head(client_of(world.actors[allowed[0]]), url)
                expected = 200
            else:
                for user in extra:
                    expected = client_of(user).get(url).status_code
                    status, body, content_type = _head(client_of(user), url)
                    if expected == 200:
                        break
            if status != expected:
                problems.append(f"{case.url_name}: HEAD {status}, GET {expected}")
            elif status == 200:
                served.add(case.url_name)
                if body or not content_type:
                    problems.append(f"{case.url_name}: HEAD 200 with {len(body)} bytes of body")
            transaction.set_rollback(True)
    assert not problems, "\n".join(problems)
    never = {case.url_name for case in GET_PAGES if not case.url_name.startswith("admin:")}
    assert never - served == NO_200_HERE


def test_head_of_a_public_page_is_not_refused(client, db):
    response = client.head(reverse("home"))
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Type"].startswith("text/html")
