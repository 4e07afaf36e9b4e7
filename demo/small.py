"""Writes the small demo plan with the ORM (history triggers on: a few thousand rows)."""

from __future__ import annotations

from collections.abc import Callable

import pghistory
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import make_password

from accounts import context_snapshot
from accounts.enums import UserKind
from accounts.models import HealthCenter, StaffAssignment, Team, User
from adherents.models import (
    AccountingFirm,
    AccountingFirmMandate,
    AccountingFirmMember,
    Adherent,
    AdherentMembership,
    Establishment,
)
from demo import reference as ref
from demo.generator import PersonPlan, fr_int
from demo.plan import DemoPlan
from suivi_sante.models import Employment, Worker

BATCH = 2_000


def demo_present() -> bool:
    """The demo dataset is there when its superuser is."""
    return User.objects.filter(email=ref.SUPERUSER_EMAIL).exists()


def _user(person: PersonPlan, kind: str, password: str, **extra) -> User:
    return User(
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        kind=kind,
        password=password,
        **extra,
    )


def _self_employed_offer(team: Team, person: User | None) -> None:
    """The self-employed offer's settings, and the demo self-employed's open affiliation (tns)."""
    from django.utils import timezone

    from tns.models import TnsAffiliation, TnsOffer
    from tns.rules.affiliation import minimum_end

    TnsOffer.objects.create(team=team)
    if person is None:
        return
    membership = AdherentMembership.objects.select_related("adherent").get(user=person)
    start = timezone.localdate().replace(day=1)
    TnsAffiliation.objects.create(
        person=person,
        adherent=membership.adherent,
        basis="self_employed",
        start_on=start,
        end_on=minimum_end(start),
    )


def write_plan(plan: DemoPlan, log: Callable[[str], None]) -> dict[str, int]:
    """Insert every row of the plan; the caller holds the transaction. Returns counts."""
    password = make_password(ref.DEMO_PASSWORD)  # hashed once, shared by every demo account
    with pghistory.context(source="seed_demo"):
        centers = HealthCenter.objects.bulk_create(
            HealthCenter(name=c.name, city=c.city, address=c.address) for c in plan.centers
        )
        users = [_user(plan.superuser, UserKind.STAFF, password, is_staff=True, is_superuser=True)]
        users += [_user(s.person, UserKind.STAFF, password) for s in plan.staff]
        users += [
            _user(person, UserKind.PORTAL, password)
            for a in plan.adherents
            for person, _ in a.members
        ]
        users += [_user(person, UserKind.PORTAL, password) for person in plan.firm.members]
        users = User.objects.bulk_create(users, batch_size=BATCH)
        by_email = {u.email: u for u in users}
        secret = encrypt(ref.DEMO_TOTP_SECRET)  # demo staff: already activated (see reference)
        Authenticator.objects.bulk_create(
            Authenticator(user=u, type=Authenticator.Type.TOTP, data={"secret": secret})
            for u in users
            if u.kind == UserKind.STAFF
        )
        log(f"  {fr_int(len(users))} utilisateurs")

        teams = Team.objects.bulk_create(
            Team(center=centers[t.center], name=t.name, lead_physician=by_email[t.lead_email])
            for t in plan.teams
        )
        StaffAssignment.objects.bulk_create(
            StaffAssignment(
                user=by_email[s.person.email],
                center=centers[c],
                team=teams[t] if t is not None else None,
                role=role,
            )
            for s in plan.staff
            for c, t, role in s.assignments
        )
        context_snapshot.forget_all()  # the bulk writes above sent no signal

        adherents = Adherent.objects.bulk_create(
            Adherent(
                name=a.name,
                siren=a.siren,
                naf_code=a.naf_code,
                kind=a.kind,
                status=a.status,
                team=teams[a.team],
                joined_on=a.joined_on,
                ended_on=a.ended_on,
            )
            for a in plan.adherents
        )
        establishments = Establishment.objects.bulk_create(
            [
                Establishment(
                    adherent=adherent,
                    siret=e[0],
                    name=e[1],
                    is_head_office=e[2],
                    kind=Establishment.Kind.HEAD_OFFICE if e[2] else Establishment.Kind.SITE,
                    address=e[3],
                    postal_code=e[4],
                    city=e[5],
                )
                for adherent, a in zip(adherents, plan.adherents, strict=True)
                for e in a.establishments
            ],
            batch_size=BATCH,
        )
        AdherentMembership.objects.bulk_create(
            AdherentMembership(user=by_email[person.email], adherent=adherent, role=role)
            for adherent, a in zip(adherents, plan.adherents, strict=True)
            for person, role in a.members
        )
        log(f"  {fr_int(len(adherents))} adhérents, {fr_int(len(establishments))} établissements")
        _self_employed_offer(teams[0], by_email.get(ref.SELF_EMPLOYED_DEMO_EMAIL))

        firm = AccountingFirm.objects.create(name=plan.firm.name, siren=plan.firm.siren)
        AccountingFirmMember.objects.bulk_create(
            AccountingFirmMember(user=by_email[p.email], firm=firm) for p in plan.firm.members
        )
        AccountingFirmMandate.objects.bulk_create(
            AccountingFirmMandate(
                firm=firm,
                adherent=adherents[m.adherent],
                scopes=list(m.scopes),
                valid_from=m.valid_from,
                granted_by=by_email[plan.adherents[m.adherent].members[0][0].email],
            )
            for m in plan.firm.mandates
        )

        workers: list[Worker] = []
        contracts: list[tuple[Worker, Establishment, tuple]] = []
        offset = 0
        for adherent, a in zip(adherents, plan.adherents, strict=True):
            own = establishments[offset : offset + len(a.establishments)]
            offset += len(a.establishments)
            for w in a.workers:
                worker = Worker(
                    adherent=adherent, last_name=w[0], first_name=w[1], birth_date=w[2], sex=w[3]
                )
                workers.append(worker)
                contracts.append((worker, own[w[4]], w))
        Worker.objects.bulk_create(workers, batch_size=BATCH)
        Employment.objects.bulk_create(
            [
                Employment(
                    worker=worker,
                    establishment=establishment,
                    job_title=w[5],
                    contract=w[6],
                    start_on=w[7],
                    end_on=w[8],
                    is_night_work=w[9],
                    sir_risks=w[10],
                    aptitude_jobs=w[11],
                )
                for worker, establishment, w in contracts
            ],
            batch_size=BATCH,
        )
        log(f"  {fr_int(len(workers))} salariés")
    return {
        "centers": len(centers),
        "teams": len(teams),
        "users": len(users),
        "adherents": len(adherents),
        "establishments": len(establishments),
        "workers": len(workers),
    }
