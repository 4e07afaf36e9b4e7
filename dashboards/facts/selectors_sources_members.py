"""Sources of the indicators of members (see selectors_sources for the contract): id -> (compute,
drill). Membership, billing and prevention of the member companies (issue 16)."""

from adherents.billing import selectors_facts as billing
from adherents.events import selectors_facts as events
from adherents.members import selectors_facts as members
from adherents.requests import selectors_facts as requests
from adherents.trajectory import selectors_facts as trajectory
from prevention.actions import selectors_facts as actions
from prevention.duerp import selectors_facts as duerp
from prevention.fiche import selectors_facts as fiche

SOURCES: dict = {
    # adhesion
    "members_active": (members.members_active_facts, members.members_active_rows),
    "members_joined": (members.members_joined_facts, members.members_joined_rows),
    "members_left": (members.members_left_facts, members.members_left_rows),
    "establishments_followed": (
        members.establishments_followed_facts,
        members.establishments_followed_rows,
    ),
    "new_member_contact": (
        trajectory.new_member_contact_facts,
        trajectory.new_member_contact_rows,
    ),
    "requests_on_time": (requests.requests_on_time_facts, requests.requests_on_time_rows),
    "satisfaction": (events.satisfaction_facts, events.satisfaction_rows),
    # prevention
    "fe_recent": (fiche.fe_recent_facts, fiche.fe_recent_rows),
    "fe_first_year": (fiche.fe_first_year_facts, fiche.fe_first_year_rows),
    "fe_made": (fiche.fe_made_facts, fiche.fe_made_rows),
    "primary_action_4y": (actions.primary_action_4y_facts, actions.primary_action_4y_rows),
    "actions_made": (actions.actions_made_facts, actions.actions_made_rows),
    "duerp_support": (duerp.duerp_support_facts, duerp.duerp_support_rows),
    "duerp_dated": (duerp.duerp_dated_facts, duerp.duerp_dated_rows),
    # facturation
    "billed": (billing.billed_facts, billing.billed_rows),
    "paid": (billing.paid_facts, billing.paid_rows),
    "receivables_past_due": (
        billing.receivables_past_due_facts,
        billing.receivables_past_due_rows,
    ),
    "collection_rate": (billing.collection_rate_facts, None),
}
