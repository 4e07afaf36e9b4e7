"""The quality pages fuzzed as the quality manager (the shared world has no quality actor):
hostile query parameters and form values, never a 500, nothing written when refused."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.certification.helpers import add_quality_actors
from tests.conftest import login
from tests.fuzz.harness import (
    Field,
    Form,
    FuzzFindingError,
    form_explicit,
    form_strategy,
    fuzz,
    submit,
)
from tests.fuzz.test_fuzz_shells import fuzz_page
from tests.matrix_certification.quality import CASES, EXTRA


@pytest.fixture
def quality(world):
    return add_quality_actors(world)


PAGES = [c for c in CASES if c.method == "get" and EXTRA[c.url_name]["quality"] == 200]
POSTS = [c for c in CASES if c.method == "post"]


@pytest.mark.parametrize("case", PAGES, ids=lambda case: case.url_name)
def test_quality_pages_resist_hostile_input(case, quality):
    url = reverse(case.url_name, args=case.args(quality))
    findings: list[str] = []
    fuzz_page(login(Client(), quality.actors["quality"]), url, findings, "quality", set())
    assert not findings, "\n".join(findings)


@pytest.mark.parametrize("case", POSTS, ids=lambda case: case.url_name)
def test_quality_posts_resist_hostile_fields(case, quality):
    url = reverse(case.url_name, args=case.args(quality))
    form = Form(method="post", action=url)
    for key, value in case.data(quality).items():
        kind = "hidden" if str(value).isdecimal() else "text"
        form.fields[key] = Field(key, kind, str(value))
    client = login(Client(), quality.actors["quality"])
    client.post(url, {})
    try:
        fuzz(
            lambda values: submit(client, "post", url, values, check_writes=True),
            form_strategy(form),
            form_explicit(form),
        )
    except FuzzFindingError as finding:
        pytest.fail(f"[quality] {finding}")
