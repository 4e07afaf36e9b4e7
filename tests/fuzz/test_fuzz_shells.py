"""Fuzz every page of both shells as every actor the permission matrix lets in: hostile query
parameters and hostile values in every form served, never a 500, nothing written when refused.

The pages and their URL arguments come from the permission matrix (tests/matrix*.py), so a new
view is fuzzed as soon as it has its row there; its forms are found in the HTML it serves.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.fuzz.harness import (
    Field,
    Form,
    FuzzFindingError,
    action_url,
    form_explicit,
    form_strategy,
    fuzz,
    parse_page,
    query_explicit,
    query_params_in_source,
    query_strategy,
    submit,
)
from tests.test_permission_matrix import CASES

PAGES = [case for case in CASES if case.method == "get"]


def fuzz_page(client: Client, url: str, findings: list[str], actor: str, seen: set) -> None:
    """The page's query parameters as this actor, then each of its forms not yet fuzzed as
    another actor (`seen`: the same form, fields and target, served to several actors)."""
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        names = set(query_params_in_source())
        forms = []
    else:
        forms, link_params = parse_page(response.content.decode())
        names = set(query_params_in_source()) | link_params
        for form in forms:
            if form.method == "get" and action_url(form, url) == url:
                names |= set(form.fields)

    def attempt(method, target, strategy, explicit, check_writes):
        try:
            fuzz(
                lambda values: submit(client, method, target, values, check_writes=check_writes),
                strategy,
                explicit,
            )
        except FuzzFindingError as finding:
            findings.append(f"[{actor}] {finding}")

    attempt("get", url, query_strategy(names), query_explicit(names), False)
    for form in forms:
        target = action_url(form, url)
        if target is None or form.signature() in seen or not form.fields and not form.buttons:
            continue
        seen.add(form.signature())
        if form.method == "post":
            attempt("post", target, form_strategy(form), form_explicit(form), True)
        elif target != url:
            attempt("get", target, form_strategy(form), form_explicit(form), False)


@pytest.mark.django_db
@pytest.mark.parametrize("case", PAGES, ids=lambda case: case.url_name)
def test_no_500_and_no_partial_write_on_hostile_input(case, world):
    url = reverse(case.url_name, args=case.args(world))
    findings: list[str] = []
    seen: set = set()
    for actor, status in case.expected.items():
        if status == 200:
            fuzz_page(login(Client(), world.actors[actor]), url, findings, actor, seen)
    assert not findings, "\n".join(findings)


@pytest.mark.django_db
def test_identifiers_beyond_bigint_in_paths_are_not_found_rather_than_a_500(world):
    """`<int:pk>` takes any digits: 2**63 must give a 404, not a database overflow."""
    findings = []
    for case in CASES:
        with transaction.atomic():  # each case's objects apart, as in the matrix
            args = case.args(world)
            transaction.set_rollback(True)
        if not any(isinstance(arg, int) for arg in args):
            continue
        huge = [2**63 if isinstance(arg, int) else arg for arg in args]
        url = reverse(case.url_name, args=huge)
        # Rows no actor may open (the admin) are tried as the anonymous visitor.
        allowed = (a for a, status in case.expected.items() if status in (200, 302))
        actor = next(allowed, "anonymous")
        client = login(Client(), world.actors[actor])
        try:
            submit(client, case.method, url, {}, check_writes=False)
        except FuzzFindingError as finding:
            findings.append(f"[{case.url_name} as {actor}] {finding}")
    assert not findings, "\n".join(findings)


def _someone_posts(case) -> bool:
    return any(
        actor != "anonymous" and isinstance(status, int) and status < 400
        for actor, status in case.expected.items()
    )


# A POST view no actor of the shared world may use (the quality pages) is fuzzed by its app's
# own actors (tests/fuzz/test_fuzz_certification.py).
POSTS = [case for case in CASES if case.method == "post" and _someone_posts(case)]


@pytest.mark.django_db
@pytest.mark.parametrize("case", POSTS, ids=lambda case: case.url_name)
def test_every_post_view_refuses_hostile_fields_without_a_500_or_a_partial_write(case, world):
    """Each POST view of the matrix, with the fields its row posts, as the first actor allowed:
    a safety net for views whose form the page scan did not reach (an htmx fragment, a button
    drawn by script)."""
    url = reverse(case.url_name, args=case.args(world))
    data = {key: value for key, value in case.data(world).items() if not hasattr(value, "read")}
    form = Form(method="post", action=url)
    for key, value in data.items():
        values = value if isinstance(value, list | tuple) else [value]
        kind = "hidden" if str(values[0] if values else "").isdecimal() else "text"
        form.fields[key] = Field(key, kind, str(values[0]) if values else "")
    actor = next(a for a, status in case.expected.items() if a != "anonymous" and status < 400)
    client = login(Client(), world.actors[actor])
    # One empty submission first, kept: what the page does on any display (the DMST page opens
    # the worker's record for its professionals, as its GET does) is not the submission's write.
    client.post(url, {})
    try:
        fuzz(
            lambda values: submit(client, "post", url, values, check_writes=True),
            form_strategy(form),
            form_explicit(form),
        )
    except FuzzFindingError as finding:
        pytest.fail(f"[{actor}] {finding}")
