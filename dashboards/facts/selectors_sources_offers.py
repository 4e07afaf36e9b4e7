"""Sources of the indicators of offers (see selectors_sources for the contract): id -> (compute,
drill). PDP (job retention cell), TNS (self-employed offer), quality (certification)."""

from certification.audits import selectors_facts as audits
from certification.nonconformities import selectors_facts as quality
from pdp.caseload import selectors_facts as pdp
from tns.indicators import selectors_facts as tns

SOURCES: dict = {
    # pdp.toml
    "pdp_referrals": (pdp.referrals_facts, pdp.referrals_rows),
    "pdp_first_contact_days": (pdp.first_contact_days_facts, pdp.first_contact_days_rows),
    "pdp_outcome_6m": (pdp.outcome_6m_facts, pdp.outcome_6m_rows),
    "pdp_open_cases": (pdp.open_cases_facts, pdp.open_cases_rows),
    "pdp_measures": (pdp.measures_facts, pdp.measures_rows),
    # tns.toml
    "tns_followed": (tns.followed_facts, tns.followed_rows),
    "tns_renewals": (tns.renewals_facts, tns.renewals_rows),
    "tns_expiries": (tns.expiries_facts, tns.expiries_rows),
    "tns_screenings": (tns.screenings_facts, tns.screenings_rows),
    "tns_screening_positive": (tns.screening_positive_facts, tns.screening_positive_rows),
    "tns_escalated": (tns.escalated_facts, tns.escalated_rows),
    # qualite.toml
    "nc_open": (quality.nc_open_facts, quality.nc_open_rows),
    "corrective_actions_late": (quality.actions_late_facts, quality.actions_late_rows),
    "audits_held": (audits.audits_held_facts, audits.audits_held_rows),
}
