"""Shared helpers of the events tests."""

from django.apps import apps
from django.utils import timezone

from adherents.data.trajectory import load_default_trajectory
from adherents.trajectory.services import start_new_member_trajectory


def new_member(world):
    """Member A starts its new-member trajectory today (the default steps loaded if a flush of
    a transactional test removed the data migration's rows)."""
    load_default_trajectory(apps)
    return start_new_member_trajectory(adherent=world.adherent, validated_on=timezone.localdate())
