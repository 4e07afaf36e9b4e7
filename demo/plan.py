"""The small demo dataset as a pure plan: built from a seed and a date, written by `small.py`.

Keeping the plan free of database access makes its determinism testable directly: the same
seed and day always give an equal `DemoPlan`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from accounts.enums import AdherentRole, MandateScope, StaffRole
from demo import reference as ref
from demo.generator import Generator, PersonPlan, allocate

ADHERENTS = 50
WORKERS = 1_000
TNS_MEMBERS = 4
DEMO_MEMBER_WORKERS = 75  # more than a page (50): the portal's pagination shows
MANDATES = 10
OPTIONAL_ROLES = (AdherentRole.HR, AdherentRole.PREVENTION_CONTACT, AdherentRole.BILLING)


@dataclass(frozen=True)
class CenterPlan:
    name: str
    city: str
    address: str


@dataclass(frozen=True)
class TeamPlan:
    center: int  # index in DemoPlan.centers
    name: str
    lead_email: str


@dataclass(frozen=True)
class StaffPlan:
    person: PersonPlan
    assignments: tuple[tuple[int, int | None, str], ...]  # (centre index, team index, role)


@dataclass(frozen=True)
class AdherentPlan:
    name: str
    siren: str
    naf_code: str
    kind: str
    status: str
    team: int  # index in DemoPlan.teams
    joined_on: date
    ended_on: date | None  # when status is "ended" (Generator.ended_on)
    establishments: tuple[tuple, ...]  # Generator.establishment() tuples, head office first
    members: tuple[tuple[PersonPlan, str], ...]  # (person, AdherentRole), the admin first
    workers: tuple[tuple, ...]  # Generator.worker() tuples


@dataclass(frozen=True)
class MandatePlan:
    adherent: int  # index in DemoPlan.adherents
    scopes: tuple[str, ...]
    valid_from: date


@dataclass(frozen=True)
class FirmPlan:
    name: str
    siren: str
    members: tuple[PersonPlan, ...]
    mandates: tuple[MandatePlan, ...]


@dataclass(frozen=True)
class DemoPlan:
    superuser: PersonPlan
    centers: tuple[CenterPlan, ...]
    teams: tuple[TeamPlan, ...]
    staff: tuple[StaffPlan, ...]
    adherents: tuple[AdherentPlan, ...]
    firm: FirmPlan


def _staff(gen: Generator) -> tuple[list[StaffPlan], list[TeamPlan]]:
    """Every team role in every team, every centre role in every centre; demo logins in centre 1
    (team 1), and the demo director in both centres."""
    staff: list[StaffPlan] = []
    teams: list[TeamPlan] = []
    director: PersonPlan | None = None
    for c, center in enumerate(ref.CENTERS):
        for team_name in center["teams"]:
            t = len(teams)
            lead = ""
            for role in ref.TEAM_ROLES:
                demo = c == 0 and t == 0
                person = gen.person(ref.STAFF_DEMO_EMAILS[role] if demo else None)
                staff.append(StaffPlan(person, ((c, t, role),)))
                if role == StaffRole.PHYSICIAN:
                    lead = person.email
            teams.append(TeamPlan(center=c, name=team_name, lead_email=lead))
        for role in ref.CENTER_ROLES:
            if role == StaffRole.DIRECTION and director is not None:
                staff.append(StaffPlan(director, ((c, None, role),)))
                continue
            person = gen.person(ref.STAFF_DEMO_EMAILS[role] if c == 0 else None)
            staff.append(StaffPlan(person, ((c, None, role),)))
            if role == StaffRole.DIRECTION:
                director = person
    # The director holds one StaffPlan per centre: merge them into one person, two assignments.
    merged: dict[str, StaffPlan] = {}
    for plan in staff:
        known = merged.get(plan.person.email)
        merged[plan.person.email] = (
            StaffPlan(plan.person, known.assignments + plan.assignments) if known else plan
        )
    return list(merged.values()), teams


def _members(
    gen: Generator, index: int, tns_person: PersonPlan | None, *, demo_tns: bool = False
) -> tuple:
    if index == 0:  # the demo member: one fixed login per role
        return tuple((gen.person(email), role) for role, email in ref.PORTAL_DEMO_EMAILS.items())
    if tns_person is not None:  # the demo self-employed: the offer's one-person space (tns)
        return ((tns_person, AdherentRole.SELF_EMPLOYED if demo_tns else AdherentRole.ADMIN),)
    extra = gen.rng.sample(OPTIONAL_ROLES, gen.rng.choice((0, 0, 1, 1, 2)))
    roles = [AdherentRole.ADMIN, *sorted(extra, key=OPTIONAL_ROLES.index)]
    return tuple((gen.person(), role) for role in roles)


def build_small_plan(seed: int, today: date) -> DemoPlan:
    """The whole small dataset, reproducible from the seed (dates relative to `today`)."""
    gen = Generator(seed, today)
    rng = gen.rng
    superuser = gen.person(ref.SUPERUSER_EMAIL)
    centers = tuple(
        CenterPlan(
            c["name"], c["city"], f"{rng.choice(gen.streets)}, {c['postal_code']} {c['city']}"
        )
        for c in ref.CENTERS
    )
    staff, teams = _staff(gen)

    tns_indexes = sorted(rng.sample(range(1, ADHERENTS), TNS_MEMBERS))
    company_indexes = [i for i in range(1, ADHERENTS) if i not in tns_indexes]
    sizes = {0: DEMO_MEMBER_WORKERS} | {i: rng.randint(0, 3) for i in tns_indexes}
    sizes[tns_indexes[0]] = 0  # the demo self-employed employs nobody
    weights = gen.worker_weights(len(company_indexes), cap=20)
    shares = allocate(WORKERS - sum(sizes.values()), weights, minimum=1)
    sizes |= dict(zip(company_indexes, shares, strict=True))

    adherents = []
    for i in range(ADHERENTS):
        tns = i in tns_indexes
        demo_tns = i == tns_indexes[0]
        tns_email = ref.SELF_EMPLOYED_DEMO_EMAIL if demo_tns else None
        tns_person = gen.person(tns_email) if tns else None
        naf = ref.DEMO_MEMBER_NAF if i == 0 else gen.naf_code(tns)
        name = (
            f"{tns_person.first_name} {tns_person.last_name}"
            if tns_person
            else gen.company_name(naf)
        )
        siren = gen.siren()
        team = 0 if i == 0 else rng.randrange(len(teams))
        communes = ref.CENTERS[teams[team].center]["communes"]
        count = 3 if i == 0 else gen.establishment_count(tns)
        establishments = tuple(
            gen.establishment(name, siren, rank, communes) for rank in range(1, count + 1)
        )
        jobs = ref.jobs_for(naf)
        status = "active" if i == 0 else gen.status()
        # One member in eight joined this year (the demo member among them).
        joined_on = gen.recent_joined_on() if i % 8 == 0 else gen.joined_on()
        adherents.append(
            AdherentPlan(
                name=name,
                siren=siren,
                naf_code=naf,
                kind="tns" if tns else "company",
                status=status,
                team=team,
                joined_on=joined_on,
                ended_on=gen.ended_on(status, joined_on),
                establishments=establishments,
                members=_members(gen, i, tns_person, demo_tns=demo_tns),
                workers=tuple(gen.worker(jobs, count) for _ in range(sizes[i])),
            )
        )

    all_scopes = tuple(MandateScope)
    mandates = []
    for i in [0, *sorted(rng.sample(range(1, ADHERENTS), MANDATES - 1))]:
        scopes = all_scopes if i == 0 else rng.sample(all_scopes, rng.randint(1, len(all_scopes)))
        mandates.append(
            MandatePlan(
                adherent=i,
                scopes=tuple(s for s in all_scopes if s in scopes),
                valid_from=gen.days_ago(30, 1000),
            )
        )
    firm = FirmPlan(
        name=f"Cabinet {rng.choice(gen.last_names)} Expertise comptable",
        siren=gen.siren(),
        members=(gen.person(ref.FIRM_DEMO_EMAIL), gen.person()),
        mandates=tuple(mandates),
    )
    return DemoPlan(
        superuser=superuser,
        centers=centers,
        teams=tuple(teams),
        staff=tuple(staff),
        adherents=tuple(adherents),
        firm=firm,
    )
