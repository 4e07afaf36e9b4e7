"""Sources of the indicators of suivi (see selectors_sources for the contract): id -> (compute,
drill)."""

from suivi_sante.agenda import selectors_facts as visits
from suivi_sante.schedule import selectors_facts as deadlines
from suivi_sante.workers import selectors_facts as workers

SOURCES: dict = {
    "visits_on_time": (deadlines.visits_on_time_facts, deadlines.visits_on_time_rows),
    "vip_3_months": (deadlines.vip_3_months_facts, deadlines.vip_3_months_rows),
    "nurse_share": (visits.nurse_share_facts, visits.nurse_share_rows),
    "tele_share": (visits.tele_share_facts, visits.tele_share_rows),
    "no_show": (visits.no_show_facts, visits.no_show_rows),
    "visits_held": (visits.visits_held_facts, visits.visits_held_rows),
    "workers_followed": (workers.workers_followed_facts, workers.workers_followed_rows),
    "hires_declared": (workers.hires_declared_facts, workers.hires_declared_rows),
}
