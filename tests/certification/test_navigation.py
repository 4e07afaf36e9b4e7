"""The quality pages' create buttons, and the menu of each quality actor."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import login

CREATE_FROM = [
    ("audit-create", "audit-list"),
    ("campaign-create", "campaign-list"),
    ("document-create", "document-list"),
    ("nc-create", "nc-list"),
    ("process-create", "process-list"),
    ("referential-import-create", "referential-list"),
    ("review-create", "review-list"),
]


@pytest.mark.parametrize(("child", "parent"), CREATE_FROM, ids=[c for c, _ in CREATE_FROM])
def test_the_list_links_to_its_create_page(child, parent, quality):
    client = login(Client(), quality.actors["quality"])
    html = client.get(reverse(f"backoffice:certification:{parent}")).content.decode()
    assert f'href="{reverse(f"backoffice:certification:{child}")}"' in html


def test_the_menu_follows_the_quality_roles(quality, client_for):
    quality_page = login(Client(), quality.actors["quality"]).get(reverse("backoffice:dashboard"))
    assert "Non-conformités" in quality_page.content.decode()
    nurse_page = client_for("nurse").get(reverse("backoffice:dashboard")).content.decode()
    assert "Cartographie des processus" in nurse_page  # pilots reach their processes
    assert "Non-conformités" not in nurse_page
    direction = login(Client(), quality.actors["direction"])
    page = direction.get(reverse("backoffice:certification:review-list")).content.decode()
    assert "Préparer la revue de l'année" in page
