"""The worker import's look-ups, set-based (resources.WorkerResource): loaded in a few
queries per chunk, then one dict look-up per line instead of one query per line."""

from __future__ import annotations

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from adherents.models import Establishment
from suivi_sante.models import Employment, Worker


class PreloadedEstablishmentField(forms.ModelChoiceField):
    """HireForm's establishment field, resolved from the establishments already loaded."""

    known: dict[int, Establishment]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.known[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


def _upper(text: str) -> str:
    return text.upper()


class KnownWorkers:
    """The workers (not merged) a chunk's lines may designate, and their posts, looked up in
    memory as ``get_instance`` did in the database: the NIR within the member first, else
    names (case ignored) and birth date with no NIR or the same one; the oldest first."""

    def __init__(self, workers=(), posts=()):
        self.workers: dict[int, Worker] = {}
        self.by_nir: dict[tuple, Worker] = {}
        self.by_name: dict[tuple, list[Worker]] = {}
        self.posts: dict[tuple, Employment] = {}
        for worker in sorted(workers, key=lambda w: w.pk):
            self._index(worker)
        for post in sorted(posts, key=lambda p: p.pk):
            self.posts.setdefault((post.worker_id, post.establishment_id, post.start_on), post)

    @classmethod
    def load(cls, adherent_ids, nirs, births) -> KnownWorkers:
        if not adherent_ids or not (nirs or births):
            return cls()
        workers = list(
            Worker.objects.filter(adherent_id__in=adherent_ids, merged_into=None).filter(
                Q(nir__in=nirs) | Q(birth_date__in=births)
            )
        )
        posts = Employment.objects.filter(worker__in=[w.pk for w in workers]) if workers else ()
        return cls(workers, posts)

    @staticmethod
    def _name_key(worker: Worker) -> tuple:
        names = (_upper(worker.last_name), _upper(worker.first_name))
        return (worker.adherent_id, *names, worker.birth_date)

    def _index(self, worker: Worker) -> None:
        """Indexed in pk order: the oldest worker of a key comes first, as ``order_by("pk")``."""
        self.workers[worker.pk] = worker
        if worker.nir:
            current = self.by_nir.get((worker.adherent_id, worker.nir))
            if current is None or current.pk > worker.pk:
                self.by_nir[(worker.adherent_id, worker.nir)] = worker
        bucket = self.by_name.setdefault(self._name_key(worker), [])
        bucket.append(worker)
        bucket.sort(key=lambda w: w.pk)

    def find(self, adherent_id, *, nir, last_name, first_name, birth_date) -> Worker | None:
        if nir and (found := self.by_nir.get((adherent_id, nir))):
            return _fresh(found)
        key = (adherent_id, _upper(last_name), _upper(first_name), birth_date)
        for worker in self.by_name.get(key, ()):
            if worker.nir in {"", nir}:
                return _fresh(worker)
        return None

    def post(self, worker_id, establishment_id, start_on) -> Employment | None:
        return self.posts.get((worker_id, establishment_id, start_on))

    def add(self, worker: Worker, post: Employment) -> None:
        """A line saved them: the next lines of the chunk find them, as in the database."""
        previous = self.workers.get(worker.pk)
        if previous is not None:
            self.by_name[self._name_key(previous)].remove(previous)
            if self.by_nir.get((previous.adherent_id, previous.nir)) is previous:
                del self.by_nir[(previous.adherent_id, previous.nir)]
                for other in sorted(self.workers.values(), key=lambda w: w.pk):
                    if other is not previous and other.nir == previous.nir:
                        self.by_nir.setdefault((other.adherent_id, other.nir), other)
        self._index(_fresh(worker))
        self.posts.setdefault((post.worker_id, post.establishment_id, post.start_on), post)


def _fresh(worker: Worker) -> Worker:
    """A copy, so that a line's changes to the instance never leak into the next line's
    look-up (the database would have handed out a new instance)."""
    return copy.copy(worker)
