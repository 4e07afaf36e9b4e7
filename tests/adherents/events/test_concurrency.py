"""Two members take the last place of a session at the same time: the lock on the session lets
one in and tells the other "Cette session est complète."."""

import threading

import pytest
from django.db import connection

from adherents.events import services
from adherents.events.services import EventsError
from adherents.models import MeetingRegistration
from tests.conftest import login
from tests.matrix_adherents.events import session_for


@pytest.mark.django_db(transaction=True)
def test_the_last_place_goes_to_one_member_only(world):
    from django.test import Client

    session = session_for(world, capacity=1)
    contexts = []
    for actor in ("portal_admin", "portal_other"):
        client = login(Client(), world.actors[actor])
        contexts.append(client.get("/espace-adherent/").wsgi_request.ctx)
    barrier = threading.Barrier(2)
    outcomes = []

    def take_place(ctx, email):
        try:
            barrier.wait()
            services.register(
                actor=ctx, session=session, attendee_name="Personne", attendee_email=email
            )
            outcomes.append("inscrit")
        except EventsError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=take_place, args=(ctx, f"p{i}@exemple.fr"))
        for i, ctx in enumerate(contexts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Cette session est complète.", "inscrit"]
    assert MeetingRegistration.objects.filter(session=session).count() == 1
