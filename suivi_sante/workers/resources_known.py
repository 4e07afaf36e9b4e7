"""Worker import, set-based: which worker each valid line designates, and what it changes.

The rules are the row-by-row import's (resources.WorkerResource, resources_lookups.KnownWorkers):
within the member, the NIR first, else names (case ignored) and birth date with no NIR or the
same one, the oldest worker first; a line sees what the earlier lines of the file created or
changed; a qualified identity (RNIV) is never changed by a file; a line that changes nothing is
"inchangé". The candidates come from the database in two queries (resources_setbased); the lines
are then walked in memory over small records, never model instances (100,000 lines).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from suivi_sante.enums import IdentityStatus
from suivi_sante.workers.resources_columns import (
    COLUMNS,
    END_REASON_WITHOUT_END,
    IDENTITY_FIELDS,
    POST_FIELDS,
)

NEW_IDS = 1 << 62  # provisional ids of the file's new workers: after every real one


class Person:
    __slots__ = ("pk", "adherent_id", *IDENTITY_FIELDS, "identity_status", "earlier", "written")

    def __init__(self, pk, adherent_id, identity_status=IdentityStatus.PROVISIONAL, **identity):
        self.pk, self.adherent_id, self.identity_status = pk, adherent_id, identity_status
        for name in IDENTITY_FIELDS:
            setattr(self, name, identity.get(name, ""))
        self.earlier: list[tuple] | None = None  # states an earlier line of the file wrote
        self.written = False  # a line of the file writes it (in Outcome.people)

    def label(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"  # as Worker.__str__


class Post:
    __slots__ = (
        "pk",
        "worker_pk",
        "establishment_id",
        "start_on",
        *POST_FIELDS,
        "earlier",
        "written",
    )

    def __init__(self, pk, worker_pk, establishment_id, start_on, **values):
        self.pk, self.worker_pk = pk, worker_pk
        self.establishment_id, self.start_on = establishment_id, start_on
        for name in POST_FIELDS:
            setattr(self, name, values.get(name))
        self.earlier: list[tuple] | None = None  # states an earlier line of the file wrote
        self.written = False  # a line of the file writes it (in Outcome.posts)


def states(record, fields: tuple[str, ...]) -> list[tuple]:
    """The successive states the file's lines write for a record, the last one included: the
    real import writes each (its history then holds an event per line, as row by row)."""
    return [*(record.earlier or ()), tuple(getattr(record, name) for name in fields)]


def _remember(record, fields: tuple[str, ...], values: dict, written: bool) -> None:
    current = tuple(getattr(record, name) for name in fields)
    if written and current != tuple(values[name] for name in fields):
        record.earlier = [*(record.earlier or ()), current]


def _value(source, name: str):
    value = source[name] if isinstance(source, dict) else getattr(source, name)
    return sorted(value) if name == "sir_risks" else value


@dataclass
class Outcome:
    """The records the valid lines write (new or updated workers and posts), in the order of
    the first line writing each (lists and a flag on each record: two dicts of 100,000 keys
    would weigh about 15 MB, issue 19, item 6)."""

    people: list[Person] = field(default_factory=list)  # written: new or updated
    posts: list[Post] = field(default_factory=list)  # written: new or updated


# Names upper-cased for the look-ups: a name repeated down the file (a first name) is
# upper-cased once; the first UPPER_CAP distinct names are remembered.
UPPER_CAP = 4096


class Known:
    """The workers the lines may designate, indexed as KnownWorkers indexes them.

    For 100,000 lines every byte per worker counts (issue 19, item 6): a key's workers are held
    under the key's hash, in a tuple in pk order (the oldest first), and each look-up keeps
    those whose own key is the one sought (two keys may share a hash); a worker is held under
    the keys of its current identity, dropped (``unindex``) before a line changes it."""

    def __init__(self, people: list[Person], posts: list[Post]):
        self.by_nir: dict[int, tuple[Person, ...]] = {}
        self.by_name: dict[int, tuple[Person, ...]] = {}
        self.upper: dict[str, str] = {}
        for person in sorted(people, key=lambda p: p.pk):
            self.index(person)
        self.posts: dict[tuple, Post] = {}
        for post in sorted(posts, key=lambda p: p.pk):
            self.posts.setdefault((post.worker_pk, post.establishment_id, post.start_on), post)

    def _upper(self, name: str) -> str:
        found = self.upper.get(name)
        if found is None:
            found = name.upper()
            if len(self.upper) < UPPER_CAP:
                self.upper[name] = found
        return found

    def _name_key(self, person: Person) -> tuple:
        names = (self._upper(person.last_name), self._upper(person.first_name))
        return (person.adherent_id, *names, person.birth_date)

    def _keys(self, person: Person) -> tuple[tuple | None, tuple]:
        nir_key = (person.adherent_id, person.nir) if person.nir else None
        return nir_key, self._name_key(person)

    def index(self, person: Person) -> None:
        """Index a worker under its current NIR and names."""
        for key, table in zip(self._keys(person), (self.by_nir, self.by_name), strict=True):
            if key is not None:
                bucket = table.get(hash(key), ())
                at = bisect.bisect([p.pk for p in bucket], person.pk)
                table[hash(key)] = (*bucket[:at], person, *bucket[at:])

    def unindex(self, person: Person) -> None:
        """Drop a worker from the keys of its current identity (before a line changes it)."""
        for key, table in zip(self._keys(person), (self.by_nir, self.by_name), strict=True):
            if key is not None:
                rest = tuple(p for p in table[hash(key)] if p is not person)
                if rest:
                    table[hash(key)] = rest
                else:
                    del table[hash(key)]

    def find(self, adherent_id, *, nir, last_name, first_name, birth_date) -> Person | None:
        if nir:
            key = (adherent_id, nir)
            for person in self.by_nir.get(hash(key), ()):
                if (person.adherent_id, person.nir) == key:
                    return person
        key = (adherent_id, self._upper(last_name), self._upper(first_name), birth_date)
        for person in self.by_name.get(hash(key), ()):
            if self._name_key(person) == key and person.nir in {"", nir}:
                return person
        return None


def resolve(known: Known, rows, labels: dict[str, str], report) -> Outcome:
    """Walk the valid lines in file order: ``rows`` yields (line, establishment id, member
    id, cleaned values by form field); ``report(line, kind, label, changes)`` is told what
    each line does ("new", "update", "skip" or a French error, then under the column's label
    if it has one), nothing kept per line."""
    outcome, next_id = Outcome(), NEW_IDS

    def label(name: str) -> str:
        return labels.get(COLUMNS[name], COLUMNS[name])

    for line, establishment_id, adherent_id, data in rows:
        identity = {
            "last_name": data["last_name"].strip(),
            "first_name": data["first_name"].strip(),
            "birth_date": data["birth_date"],
            "sex": data["sex"],
            "nir": data["nir"],
        }
        person = known.find(adherent_id, **{k: identity[k] for k in identity if k != "sex"})
        post, changes = None, []
        if person is not None:
            identity["nir"] = identity["nir"] or person.nir  # a blank cell never erases a NIR
            changes = [label(n) for n in IDENTITY_FIELDS if getattr(person, n) != identity[n]]
            qualified = person.pk < NEW_IDS and person.identity_status == IdentityStatus.QUALIFIED
            if qualified and changes:
                message = "Identité qualifiée (INS) : elle ne se modifie pas par un import."
                report(line, message, "", [])
                continue
            post = known.posts.get((person.pk, establishment_id, data["start_on"]))
            for name in data.get("kept", ()) if post is not None else ():
                data[name] = getattr(post, name)  # a blank cell keeps the known post's value
        if data["end_reason"] and data["end_on"] is None:
            report(line, END_REASON_WITHOUT_END, label("end_reason"), [])
            continue
        if person is None:
            next_id += 1
            person = Person(next_id, adherent_id, **identity)
            kind = "new"
        else:
            changes += [
                label(n) for n in POST_FIELDS if post is None or _value(post, n) != _value(data, n)
            ]
            if not changes:
                report(line, "skip", "", [])
                continue
            kind = "update"
            _remember(person, IDENTITY_FIELDS, identity, person.written)
            known.unindex(person)
            for name, value in identity.items():
                setattr(person, name, value)
        post_key = (person.pk, establishment_id, data["start_on"])
        if post is None:
            post = Post(None, *post_key)
            known.posts[post_key] = post
        values = {n: list(data[n]) if n == "sir_risks" else data[n] for n in POST_FIELDS}
        _remember(post, POST_FIELDS, values, post.written)
        for name, value in values.items():
            setattr(post, name, value)
        known.index(person)
        for record, written in ((person, outcome.people), (post, outcome.posts)):
            if not record.written:
                record.written = True
                written.append(record)
        report(line, kind, person.label(), changes)
    return outcome
