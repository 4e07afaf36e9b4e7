"""`make bench`'s caseload entry, run small: it seeds its cases once and times the page."""

from types import SimpleNamespace

import pytest
from django.test import Client, RequestFactory

from accounts.context import build_context
from bench import pdp as bench_pdp
from pdp.models import PdpCase
from tests.conftest import login
from tests.suivi_sante.factories import WorkerFactory


@pytest.mark.django_db
def test_bench_seeds_the_cases_once_and_measures_the_caseload_page(world, capsys):
    for _ in range(40):
        WorkerFactory(adherent=world.adherent)
    physician = world.actors["physician"]
    client = login(Client(), physician)
    request = RequestFactory().get("/")
    request.user, request.session = physician, SimpleNamespace()
    request.ctx = build_context(physician, {}, mfa_passed=True)
    ratio = bench_pdp.run(client, physician, request, total=30, rounds=2)
    assert ratio > 0
    assert PdpCase.objects.filter(center=world.center).count() == 30
    bench_pdp.ensure_cases(physician, world.center.pk, total=30)
    assert PdpCase.objects.filter(center=world.center).count() == 30
    assert "backoffice:pdp:caseload" in capsys.readouterr().out
