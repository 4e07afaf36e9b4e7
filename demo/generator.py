"""Deterministic generators of demo values (no database): one Faker and one Random per seed.

Everything drawn here depends only on the seed and on `today` (ages and dates are relative to
it), so the same seed gives the same people, companies and identifiers on every machine.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from faker import Faker

from adherents.data.naf_codes import NAF_CODES
from adherents.rules.identifiers import luhn_complete
from demo import reference as ref

_SIR_RISKS = ("amiante", "cmr", "plomb", "echafaudages", "rayonnements_b")

MIN_AGE_DAYS = 18 * 366  # a little over 18 years: every worker is an adult
MAX_AGE_DAYS = 65 * 365  # a little under 65 years
APPRENTICE_MAX_AGE_DAYS = 26 * 365
# SIREN prefixes: random ones for the small dataset below this bound, counters above it, so the
# two datasets can never collide (and La Poste's 356 000 000 range is never produced).
SMALL_SIREN_RANGE = (10_000_000, 79_999_999)
LARGE_SIREN_BASE = 80_000_000

_CONTRACT_NAMES = tuple(name for name, _ in ref.CONTRACTS)
_CONTRACT_CUM_WEIGHTS = tuple(accumulate(weight for _, weight in ref.CONTRACTS))
_NAF = tuple(code for code, _ in NAF_CODES)


def fr_int(number: int) -> str:
    """1000000 -> "1 000 000" (French digit grouping, for progress messages)."""
    return f"{number:,}".replace(",", " ")


def email_slug(text: str) -> str:
    """ASCII, lower case, words joined by hyphens: "Hélène D'Arc" -> "helene-d-arc"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def siret_for(siren: str, rank: int) -> str:
    """The SIRET of a member's establishment number `rank` (1 = head office): SIREN+NIC+key."""
    return luhn_complete(f"{siren}{rank:04d}")


def allocate(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split `total` into integer parts proportional to `weights`, each at least `minimum`.

    Largest remainders get the leftover units, ties broken by position: deterministic.
    """
    if not weights:
        return []
    spare = total - minimum * len(weights)
    if spare < 0:
        raise ValueError("total too small for the minimum of every part")
    scale = spare / sum(weights)
    exact = [w * scale for w in weights]
    parts = [minimum + int(x) for x in exact]
    leftover = total - sum(parts)
    by_remainder = sorted(range(len(weights)), key=lambda i: (int(exact[i]) - exact[i], i))
    for i in by_remainder[:leftover]:
        parts[i] += 1
    return parts


@dataclass(frozen=True)
class PersonPlan:
    first_name: str
    last_name: str
    email: str


class Generator:
    """Fake French people, companies, addresses and workers, reproducible from a seed."""

    def __init__(self, seed: int, today: date) -> None:
        self.today = today
        self.rng = random.Random(seed)  # noqa: S311 - demo data, reproducibility wanted
        self.fake = Faker("fr_FR")
        self.fake.seed_instance(seed)
        self._person_number = 0
        self._sirens: set[str] = set()
        # Pools drawn once from Faker (insertion-ordered, so deterministic), then combined with
        # the Random: a million Faker calls would take minutes.
        fake = self.fake
        self.female_names = list(dict.fromkeys(fake.first_name_female() for _ in range(2000)))
        self.male_names = list(dict.fromkeys(fake.first_name_male() for _ in range(2000)))
        self.last_names = list(dict.fromkeys(fake.last_name() for _ in range(4000)))
        self.streets = list(dict.fromkeys(fake.street_address() for _ in range(4000)))
        self._days = [today - timedelta(days=n) for n in range(MAX_AGE_DAYS + 1)]
        self._future = [today + timedelta(days=n) for n in range(400)]

    # People -------------------------------------------------------------------------------

    def person(self, email: str | None = None) -> PersonPlan:
        """A fake person; generated e-mails are prenom.nom.<n>@exemple.fr (never a real name)."""
        fake = self.fake
        first = fake.first_name_female() if self.rng.random() < 0.5 else fake.first_name_male()
        last = fake.last_name()
        if email is None:
            self._person_number += 1
            email = (
                f"{email_slug(first)}.{email_slug(last)}.{self._person_number}"
                f"@{ref.GENERATED_DOMAIN}"
            )
        return PersonPlan(first_name=first, last_name=last, email=email)

    # Companies ----------------------------------------------------------------------------

    def siren(self) -> str:
        """A new random valid SIREN, unique within this generator."""
        while True:
            siren = luhn_complete(str(self.rng.randint(*SMALL_SIREN_RANGE)))
            if siren not in self._sirens:
                self._sirens.add(siren)
                return siren

    @staticmethod
    def counter_siren(number: int) -> str:
        """The valid SIREN number `number` of the large dataset (unique by construction)."""
        return luhn_complete(f"{LARGE_SIREN_BASE + number:08d}")

    def naf_code(self, tns: bool = False) -> str:
        return self.rng.choice(ref.TNS_NAF_CODES if tns else _NAF)

    def company_name(self, naf_code: str) -> str:
        rng = self.rng
        prefix = rng.choice(ref.NAME_PREFIXES.get(naf_code, ("Entreprise",)))
        family = rng.choice(self.last_names)
        if rng.random() < 0.25:
            family = f"{family} {rng.choice(self.last_names)}"
        return f"{prefix} {family}{rng.choice(ref.LEGAL_SUFFIXES)}"

    def establishment_count(self, tns: bool) -> int:
        """1, 2 or 3 establishments, about 1.3 on average; a self-employed member has one."""
        if tns:
            return 1
        draw = self.rng.random()
        return 1 if draw < 0.76 else 2 if draw < 0.94 else 3

    def establishment(
        self, company: str, siren: str, rank: int, communes: tuple[tuple[str, str], ...]
    ) -> tuple:
        """(siret, name, is_head_office, address, postal_code, city) of establishment `rank`."""
        rng = self.rng
        postal_code, city = rng.choice(communes)
        if rank == 1:
            name = f"{company} — siège"
        else:
            name = f"{company} — {rng.choice(ref.BRANCH_KINDS)} de {city}"
        return (
            siret_for(siren, rank),
            name[:200],
            rank == 1,
            rng.choice(self.streets),
            postal_code,
            city,
        )

    def days_ago(self, low: int, high: int) -> date:
        """A day between `high` and `low` days before today."""
        return self._days[self.rng.randint(low, high)]

    def joined_on(self) -> date:
        return self.days_ago(30, 20 * 365)

    def recent_joined_on(self) -> date:
        """A member of the last year: its trajectory is under way in the demo."""
        return self.days_ago(10, 300)

    def status(self) -> str:
        draw = self.rng.random()
        return "active" if draw < 0.95 else "suspended" if draw < 0.98 else "ended"

    def ended_on(self, status: str, joined_on: date) -> date | None:
        """The day a struck-off member left: halfway between its joining and today. Not drawn,
        so that the other draws of the plan stay the same."""
        return joined_on + (self.today - joined_on) // 2 if status == "ended" else None

    def worker_weights(self, count: int, cap: float) -> list[float]:
        """Company sizes: Pareto-distributed (many small members, a few large ones), capped."""
        return [min(self.rng.paretovariate(1.3), cap) for _ in range(count)]

    # Workers ------------------------------------------------------------------------------

    def worker(self, jobs: tuple[str, ...], establishments: int) -> tuple:
        """(last_name, first_name, birth_date, sex, establishment rank 0.., job_title, contract,
        start_on, end_on, is_night_work, sir_risks, aptitude_jobs) of one worker and their
        employment. About 8 % work at night, 6 % have a SIR risk, 5 % drive with a CACES."""
        rng = self.rng
        days = self._days
        female = rng.random() < 0.5
        first = rng.choice(self.female_names if female else self.male_names)
        last = rng.choice(self.last_names)
        contract = rng.choices(_CONTRACT_NAMES, cum_weights=_CONTRACT_CUM_WEIGHTS)[0]
        if contract == "APPRENTI":
            age = rng.randint(MIN_AGE_DAYS, APPRENTICE_MAX_AGE_DAYS)
            start_on = days[rng.randint(0, min(700, age - MIN_AGE_DAYS))]
            end_on = start_on + timedelta(days=730)
        elif contract == "CDI":
            age = rng.randint(MIN_AGE_DAYS, MAX_AGE_DAYS)
            start_on = days[rng.randint(0, min(age - MIN_AGE_DAYS, 25 * 365))]
            end_on = None
        else:  # fixed-term contracts still running today
            age = rng.randint(MIN_AGE_DAYS, MAX_AGE_DAYS)
            start_on = days[rng.randint(0, 300)]
            end_on = self._future[rng.randint(7, 399)]
        # Half the workers at the head office, the others spread over the other sites.
        single = establishments == 1 or rng.random() < 0.5
        rank = 0 if single else rng.randrange(1, establishments)
        return (
            last,
            first,
            days[age],
            "F" if female else "M",
            rank,
            rng.choice(jobs),
            contract,
            start_on,
            end_on,
            *self.exposures(),
        )

    def exposures(self) -> tuple[bool, list[str], list[str]]:
        """Night work, SIR risks (R4624-23) and aptitude posts of one post, at demo rates."""
        rng = self.rng
        night = rng.random() < 0.08
        sir = [rng.choice(_SIR_RISKS)] if rng.random() < 0.06 else []
        aptitude = ["caces"] if rng.random() < 0.05 else []
        return night, sir, aptitude
