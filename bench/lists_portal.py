"""The member portal's lists measured by `make bench` (see `_list_cases` in bench/__main__.py), for
the administrator of the largest member of the dataset (44,247 workers on the large dataset): the
pages an employer of that size opens every day, where a list scoped by one member must not walk
the whole service's rows to find that member's (issue 19, item 1)."""

from __future__ import annotations

BENCH_EMAIL = "banc-listes-portail@banc.invalid"


def largest_member_id() -> int:
    """The member with the most live workers (ties: the lowest id)."""
    from django.db.models import Count

    from suivi_sante.models import Worker

    row = (
        Worker.objects.filter(merged_into=None)
        .values("adherent_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "adherent_id")
        .first()
    )
    return row["adherent_id"]


def portal_session():
    """(client, request, ctx) of the largest member's portal administrator, created once in the
    bench database (as bench/load.py creates its portal users)."""
    from django.test import Client, RequestFactory

    from accounts.context import build_context
    from accounts.enums import AdherentRole, UserKind
    from accounts.models import User
    from adherents.models import AdherentMembership

    adherent_id = largest_member_id()
    user = User.objects.filter(email=BENCH_EMAIL).first() or User.objects.create_user(
        BENCH_EMAIL, kind=UserKind.PORTAL
    )
    AdherentMembership.objects.filter(user=user).exclude(adherent_id=adherent_id).update(
        is_active=False
    )
    AdherentMembership.objects.update_or_create(
        user=user,
        adherent_id=adherent_id,
        defaults={"role": AdherentRole.ADMIN, "is_active": True},
    )
    client = Client()
    client.force_login(user)
    session = client.session
    request = RequestFactory().get("/")
    request.user, request.session = user, session
    request.ctx = build_context(user, session, mfa_passed=False)
    session.save()
    return client, request, request.ctx


def cases() -> list[tuple]:
    from suivi_sante.agenda import selectors as agenda
    from suivi_sante.agenda import selectors_booking as booking
    from suivi_sante.schedule import selectors as due
    from suivi_sante.workers import selectors as workers

    portal = portal_session
    label = "espace adhérent (plus grand adhérent) : "
    overdue = workers.WorkerFilters(due="en_retard")
    return [
        (label + "salariés", portal, "portal:suivi_sante:worker-list", {}, workers.worker_list),
        (
            label + "salariés en retard de visite",
            portal,
            "portal:suivi_sante:worker-list",
            {"echeance": "en_retard"},
            lambda ctx: workers.worker_list(ctx, filters=overdue),
        ),
        (
            label + "visites à prévoir",
            portal,
            "portal:suivi_sante:due-list",
            {},
            due.member_due_visits,
        ),
        (
            label + "réserver une visite",
            portal,
            "portal:suivi_sante:booking-list",
            {},
            booking.bookable_due_visits,
        ),
        (
            label + "convocations à venir",
            portal,
            "portal:suivi_sante:convocation-list",
            {},
            lambda ctx: agenda.portal_convocations(ctx, upcoming=True),
        ),
        (
            label + "convocations passées",
            portal,
            "portal:suivi_sante:convocation-list",
            {"periode": "passees"},
            lambda ctx: agenda.portal_convocations(ctx, upcoming=False),
        ),
    ]
