"""The primary prevention alerts (seed 004) read from the date the database keeps per member
(Adherent.last_primary_action_on, triggers of migration prevention 0007): every write of an
action moves its member in or out of the list, in order; an action after `today` is not
counted; the page is walked by key, in a number of queries that does not grow with members."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adherents.models import Adherent
from prevention.actions import selectors
from prevention.models import PreventionAction
from tests.adherents.factories import AdherentFactory
from tests.matrix_suivi.dmst import ctx_for
from tests.prevention.factories import PreventionActionFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)  # four years: overdue since on or before 22/11/2022
PRIMARY = PreventionAction.Kind.PRIMARY_PREVENTION
INDICATORS = "backoffice:prevention:action-indicators"


def member(world, name, joined_on=datetime.date(2015, 3, 1)) -> Adherent:
    return AdherentFactory(team=world.team, name=name, joined_on=joined_on)


def primary(adherent, performed_on, kind=PRIMARY) -> PreventionAction:
    return PreventionActionFactory(adherent=adherent, kind=kind, performed_on=performed_on)


def alerts(world, today=TODAY) -> list[tuple[str, datetime.date | None]]:
    ctx = ctx_for(world.actors["prevention_assistant"])
    rows = selectors.primary_action_alerts(ctx, today=today, years=4)
    return [(row.name, row.last_primary_on) for row in rows]


def stored(adherent) -> datetime.date | None:
    return Adherent.objects.values_list("last_primary_action_on", flat=True).get(pk=adherent.pk)


def test_the_alerts_follow_every_write_of_an_action(world):
    never = member(world, "Menuiserie Delta", joined_on=datetime.date(2020, 1, 10))
    old = member(world, "Garage Oméga")
    old_action = primary(old, datetime.date(2021, 6, 1))
    primary(old, datetime.date(2019, 2, 1))  # an earlier one changes nothing
    recent = member(world, "Boulangerie Kappa")
    recent_action = primary(recent, datetime.date(2024, 2, 1))
    tied = member(world, "Atelier Sigma")
    primary(tied, datetime.date(2021, 6, 1))
    primary(never, datetime.date(2026, 1, 5), kind="awareness")  # another kind does not count
    assert (stored(never), stored(old), stored(recent)) == (
        None,
        datetime.date(2021, 6, 1),
        datetime.date(2024, 2, 1),
    )
    # Oldest first: the joining when no action, the last action else; same date: by name.
    assert alerts(world) == [
        ("Menuiserie Delta", None),
        ("Atelier Sigma", datetime.date(2021, 6, 1)),
        ("Garage Oméga", datetime.date(2021, 6, 1)),
    ]

    # An action recorded: out of the list.
    primary(never, datetime.date(2026, 11, 2))
    assert stored(never) == datetime.date(2026, 11, 2)
    # The recent action was another kind after all: the member is overdue since joining.
    PreventionAction.objects.filter(pk=recent_action.pk).update(kind="awareness")
    assert stored(recent) is None
    # The old member's last action deleted: the one before it counts.
    PreventionAction.objects.filter(pk=old_action.pk).delete()
    assert stored(old) == datetime.date(2019, 2, 1)
    assert alerts(world) == [
        ("Boulangerie Kappa", None),
        ("Garage Oméga", datetime.date(2019, 2, 1)),
        ("Atelier Sigma", datetime.date(2021, 6, 1)),
    ]

    # Dated again, moved to another member, turned back into a primary action.
    PreventionAction.objects.filter(pk=recent_action.pk).update(kind=PRIMARY)
    assert stored(recent) == datetime.date(2024, 2, 1)
    PreventionAction.objects.filter(adherent=old).update(performed_on=datetime.date(2025, 9, 9))
    PreventionAction.objects.filter(pk=recent_action.pk).update(adherent=tied)
    assert (stored(recent), stored(tied), stored(old)) == (
        None,
        datetime.date(2024, 2, 1),
        datetime.date(2025, 9, 9),
    )
    assert alerts(world) == [("Boulangerie Kappa", None)]


def test_bulk_writes_keep_the_date_too(world):
    """bulk_create and a raw COPY (the large dataset's path) go through the same triggers."""
    first, second = member(world, "Alpha bis"), member(world, "Bêta bis")
    PreventionAction.objects.bulk_create(
        [
            PreventionActionFactory.build(
                adherent=first, kind=PRIMARY, performed_on=day, performed_by=world.actors["nurse"]
            )
            for day in (datetime.date(2018, 1, 1), datetime.date(2023, 1, 1))
        ]
    )
    template = primary(second, datetime.date(2017, 5, 5))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO prevention_preventionaction (adherent_id, kind, performed_on, "
            "performed_by_id, duration_minutes, description, created_at, updated_at) "
            "SELECT adherent_id, kind, performed_on + n, performed_by_id, duration_minutes, "
            "description, created_at, updated_at FROM prevention_preventionaction, "
            "generate_series(1, 30) AS n WHERE id = %s",
            [template.pk],
        )
    assert (stored(first), stored(second)) == (datetime.date(2023, 1, 1), datetime.date(2017, 6, 4))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's pending foreign key checks
        cursor.execute("TRUNCATE prevention_preventionaction CASCADE")
    assert (stored(first), stored(second)) == (None, None)


def test_an_action_after_today_is_not_counted(world):
    """Travelling back in time (or a row written below the services, which refuse an action
    after today): the member's last action on or before `today` counts, in the list's order
    and in the coverage."""
    later = member(world, "Garage Futur")
    primary(later, datetime.date(2018, 5, 1))
    primary(later, datetime.date(2026, 11, 30))  # after TODAY
    member(world, "Menuiserie Delta", joined_on=datetime.date(2020, 1, 10))
    covered = member(world, "Usine Zêta")
    primary(covered, datetime.date(2024, 4, 4))
    assert stored(later) == datetime.date(2026, 11, 30)
    assert alerts(world) == [
        ("Garage Futur", datetime.date(2018, 5, 1)),
        ("Menuiserie Delta", None),
    ]
    assert alerts(world, today=datetime.date(2026, 12, 1)) == [("Menuiserie Delta", None)]
    ctx = ctx_for(world.actors["physician"])
    share = selectors.primary_action_coverage(ctx, today=TODAY, years=4)
    assert (share.total, share.count) == (5, 1)  # the world's two members, joined in 2024
    share = selectors.primary_action_coverage(ctx, today=datetime.date(2026, 12, 1), years=4)
    assert (share.total, share.count) == (5, 2)


def _page(client, params) -> tuple[list[str], dict, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(INDICATORS), params)
    assert response.status_code == 200
    page = response.context["page"]
    following = {key: value for key, value in page.next_params.items() if value is not None}
    names = [adherent.name for adherent, _deadline in response.context["rows"]]
    return names, (following if page.has_next else {}), len(queries)


def test_the_pages_follow_the_key_in_as_many_queries_however_many_members(
    world, client_for, settings
):
    """« Page suivante » carries the last row's key (apres); every page, first or reached by
    key, costs the same number of queries with 7 or 37 members in the list."""
    settings.SPSTI_LIST_PAGE_SIZE = 3
    client = client_for("physician")
    for n in range(7):
        member(world, f"Membre {n:02d}", joined_on=datetime.date(2016, 1, 1 + n % 3))
    client.get(reverse(INDICATORS))  # the header's figures, computed once and remembered

    def walk() -> tuple[list[str], list[int]]:
        names, params, counts = [], {}, []
        while True:
            shown, params, count = _page(client, params)
            names += shown
            counts.append(count)
            if not params:
                return names, counts
            assert params["apres"]
            assert params["page"] == len(counts) + 1

    names, counts = walk()
    expected = sorted((datetime.date(2016, 1, 1 + n % 3), f"Membre {n:02d}") for n in range(7))
    assert names == [name for _day, name in expected]
    assert len(set(counts[1:])) == 1
    assert counts[0] <= counts[1]
    for n in range(7, 37):
        member(world, f"Membre {n:02d}", joined_on=datetime.date(2016, 1, 1 + n % 3))
    client.get(reverse(INDICATORS))
    more, more_counts = walk()
    assert len(more) == 37
    assert more == sorted(more, key=lambda name: (int(name[-2:]) % 3, name))
    assert more_counts[0] == counts[0]
    assert set(more_counts[1:]) == set(counts[1:])


def test_the_cse_list_pages_by_its_own_key(world, client_for, settings):
    """The CSE list (members with a CSE/CSSCT not met in 12 months) pages by name with its own
    parameters: its links carry apres_cse, the alerts' page stays; as many queries per page
    with 5 or 25 such members."""
    settings.SPSTI_LIST_PAGE_SIZE = 2
    client = client_for("physician")
    today = timezone.localdate()

    def with_cse(n: int, met: bool = False) -> None:
        adherent = AdherentFactory(team=world.team, has_cse=True, name=f"Usine {n:02d}")
        if met:
            primary(adherent, today - datetime.timedelta(days=30), kind="cse_meeting")

    for n in range(5):
        with_cse(n, met=n == 1)
    client.get(reverse(INDICATORS))

    def walk() -> tuple[list[str], list[int]]:
        names, params, counts = [], {"page": "1"}, []
        while True:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse(INDICATORS), params)
            counts.append(len(queries))
            page = response.context["cse_page"]
            names += [adherent.name for adherent in page.items]
            if not page.has_next:
                return names, counts
            links = response.content.decode()
            assert f"apres_cse={page.items[-1].pk}" in links
            params = {
                "page": "1",
                "page_cse": page.next_params["page"],
                "apres_cse": page.next_params["apres"],
            }

    names, counts = walk()
    assert names == ["Usine 00", "Usine 02", "Usine 03", "Usine 04"]
    for n in range(5, 25):
        with_cse(n)
    client.get(reverse(INDICATORS))
    more, more_counts = walk()
    assert more == [f"Usine {n:02d}" for n in range(25) if n != 1]
    assert more_counts[0] == counts[0]
    assert set(more_counts[1:]) == set(counts[1:])
