"""Who may manage a member's mandates."""

import pytest

from accounts.context import AccessContext
from accounts.enums import AdherentRole, UserKind
from accounts.roles import ADHERENT_ROLE_PERMISSIONS, firm_permissions
from adherents.perms import can_manage_mandates
from tests.adherents.factories import AdherentFactory


def _portal(adherent, permissions, firm_id=None):
    return AccessContext(
        user=None,
        audience=UserKind.PORTAL,
        adherent_id=adherent.pk,
        firm_id=firm_id,
        permissions=permissions,
    )


@pytest.mark.django_db
def test_only_the_members_own_admin_manages_its_mandates():
    adherent, other = AdherentFactory(), AdherentFactory()
    admin = _portal(adherent, ADHERENT_ROLE_PERMISSIONS[AdherentRole.ADMIN])
    assert can_manage_mandates(admin, adherent)
    assert not can_manage_mandates(admin, other)
    hr = _portal(adherent, ADHERENT_ROLE_PERMISSIONS[AdherentRole.HR])
    assert not can_manage_mandates(hr, adherent)
    firm = _portal(adherent, firm_permissions(["workforce", "invoices", "workers"]), firm_id=1)
    assert not can_manage_mandates(firm, adherent)
