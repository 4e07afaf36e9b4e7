"""What the back office's home says past its caps (dashboards.home.selectors.HOME_COUNT_CAP,
the worker list's TOTAL_CAP): « Plus de 100 … » for a work queue, with no « et N autres » under
its first rows, and the centre's workers counted as the worker list counts them (live records,
« Plus de 10 000 » beyond)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from suivi_sante.enums import VisitStatus
from suivi_sante.models import Visit, Worker
from tests.dashboards.home.test_portal_home import _items
from tests.suivi_sante.factories import VisitFactory, WorkerFactory
from tests.test_keyset_pagination import _grow

pytestmark = pytest.mark.django_db
HOME = "backoffice:dashboard"


def _workers_card(page: str) -> str:
    return re.search(r'<p class="h2 mb-0">([^<]*)</p><p class="mb-0">salariés</p>', page).group(1)


def test_a_queue_past_the_cap_says_more_than_100(world, client_for):
    held = timezone.now() - datetime.timedelta(hours=1)
    VisitFactory(
        worker=world.worker,
        professional=world.actors["physician"],
        status=VisitStatus.HELD,
        scheduled_at=held,
        held_at=held,
    )
    # 150 more held visits of the month, an hour apart, none with its document.
    _grow(
        Visit,
        150,
        scheduled_at="scheduled_at - n * interval '1 hour'",
        held_at="held_at - n * interval '1 hour'",
    )
    page = client_for("physician").get(reverse(HOME)).content.decode()
    count, text, _ = _items(page)["Documents à émettre"]
    assert (count, text) == (101, "Plus de 100 visites réalisées sans attestation ni avis émis")
    card = re.search(r"Documents à émettre</h3>.*?</section>", page, re.S).group(0)
    assert card.count("<li>") == 5
    assert "autre" not in card


def test_the_workers_card_counts_live_workers_as_the_list_does(world, client_for):
    WorkerFactory(adherent=world.adherent, merged_into=world.worker, merged_at=timezone.now())
    client = client_for("nurse")
    live = Worker.objects.filter(merged_into=None, adherent__team__center=world.center).count()
    assert live < Worker.objects.filter(adherent__team__center=world.center).count()
    assert _workers_card(client.get(reverse(HOME)).content.decode()) == str(live)
    _grow(Worker, 10_000, analyze=False, nir="''")
    assert re.fullmatch(
        r"Plus de 10.000", _workers_card(client.get(reverse(HOME)).content.decode())
    )
