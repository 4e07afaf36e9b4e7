"""Change history with actor attribution (triggers: bulk updates too) and the append-only log."""

import pytest
from django.db import ProgrammingError, transaction

from accounts import audit
from accounts.context import AccessContext
from accounts.enums import UserKind
from accounts.models import AccessLog
from adherents.models import Adherent
from tests.accounts.factories import StaffUserFactory
from tests.adherents.factories import AdherentFactory


@pytest.mark.django_db
def test_bulk_update_is_historised_with_its_actor():
    actor = AccessContext(user=StaffUserFactory(), audience=UserKind.STAFF)
    first, second = AdherentFactory(name="Avant 1"), AdherentFactory(name="Avant 2")
    with audit.actor_context(actor, reason="correction"):
        Adherent.objects.filter(pk__in=[first.pk, second.pk]).update(name="Après")
    events = Adherent.pgh_event_model.objects.filter(pgh_label="update").order_by("pgh_obj_id")
    assert [e.name for e in events] == ["Après", "Après"]
    assert all(e.pgh_context.metadata["user"] == actor.user.pk for e in events)
    assert {e.pgh_obj_id for e in events} == {first.pk, second.pk}


@pytest.mark.django_db
def test_creation_is_historised_even_without_an_actor():
    adherent = AdherentFactory(name="Nouvelle SARL")
    (event,) = Adherent.pgh_event_model.objects.filter(pgh_obj_id=adherent.pk)
    assert event.pgh_label == "insert"
    assert event.name == "Nouvelle SARL"


@pytest.mark.django_db
def test_access_log_is_append_only():
    reader = StaffUserFactory()
    ctx = AccessContext(user=reader, audience=UserKind.STAFF, center_id=7)
    target = AdherentFactory()
    line = audit.record_read(ctx, "suivi_sante.dmst.read", target, reason="visite")
    assert (line.object_type, line.object_id, line.center_id) == (
        "adherents.adherent",
        str(target.pk),
        7,
    )
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        AccessLog.objects.filter(pk=line.pk).update(reason="effacé")
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        AccessLog.objects.filter(pk=line.pk).delete()
    assert AccessLog.objects.get(pk=line.pk).reason == "visite"
