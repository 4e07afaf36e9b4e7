"""An edit form posted back exactly as it was shown: "Aucune modification" and nothing written
(issue 17). Shared by the apps' tests of their edit views (no test here)."""

from __future__ import annotations

from html import unescape

from pghistory.models import Events

from spsti.french import NOTHING_CHANGED


def history_rows() -> int:
    """Every history row pghistory's triggers wrote, all tracked models together."""
    return Events.objects.count()


def assert_nothing_changed(client, url: str, data: dict, *, not_said: str = "") -> str:
    """Post `data` (what the page showed) and check the page says nothing changed, that the
    success message `not_said` is not there, and that no history row was written."""
    before = history_rows()
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert NOTHING_CHANGED in page
    if not_said:
        assert not_said not in page
    assert history_rows() == before
    return page
