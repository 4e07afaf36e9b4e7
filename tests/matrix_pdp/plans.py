"""Permission-matrix rows of pdp: the plan (back-office), the employer's letters (portal) and
the partner's secret link (public)."""

from pdp.models import MeasuresLetter, PdpMeasure
from spsti import secret_links
from tests import documents
from tests.adherents.factories_requests import PartnerFactory
from tests.matrix import ACTORS, PORTAL_STAFF_403, Case
from tests.matrix_pdp.cases import READ_ON_A, WRITE_ON_A, _case, _case_arg
from tests.pdp.factories import ConsentFactory

# The measures letters: the member's admin and HR; firms never (no PDP scope in a mandate).
LETTERS = {
    "anonymous": 302,
    "portal_admin": 200,
    "portal_other": 200,
    "firm_mandated": 403,
    "firm_unmandated": 403,
    **PORTAL_STAFF_403,
}
LETTER_OF_A = {**LETTERS, "portal_other": 404}


def _letter(world) -> MeasuresLetter:
    case = _case(world)
    return MeasuresLetter.objects.create(
        case=case,
        adherent=world.adherent,
        number=1,
        issued_by=world.actors["physician"],
        **documents.fields(b"%PDF-1.7 test", "pdf", "pdf_sha256"),
    )


def _action(world):
    case = _case(world)
    return [
        case.actions.create(label="Appeler", owner=world.actors["nurse"], due_on="2026-10-01").pk
    ]


def _partner_token(world):
    case = _case(world)
    partner = PartnerFactory()
    consent = ConsentFactory(case=case, partner=partner)
    token, digest = secret_links.new_token()
    measure = PdpMeasure.objects.create(
        case=case, kind="supervised_trial", employer_text="Essai", created_by=world.actors["nurse"]
    )
    case.partner_requests.create(
        partner=partner,
        consent=consent,
        measure=measure,
        question="Essai encadré ?",
        sent_on="2026-11-20",
        due_on="2026-12-20",
        sent_by=world.actors["nurse"],
        token_hash=digest,
    )
    return [token]


CASES = [
    Case("backoffice:pdp:measure-create", WRITE_ON_A, args=_case_arg, method="post"),
    Case("backoffice:pdp:action-create", WRITE_ON_A, args=_case_arg, method="post"),
    Case("backoffice:pdp:action-done", WRITE_ON_A, args=_action, method="post"),
    Case("backoffice:pdp:partner-request-create", WRITE_ON_A, args=_case_arg, method="post"),
    Case("backoffice:pdp:letter-issue", WRITE_ON_A, args=_case_arg, method="post"),
    Case("backoffice:pdp:letter-download", READ_ON_A, args=lambda w: [_letter(w).pk]),
    Case("portal:pdp:letter-list", LETTERS),
    Case("portal:pdp:letter-download", LETTER_OF_A, args=lambda w: [_letter(w).pk]),
    # Whoever holds the link, logged in or not.
    Case("pdp_public:partner-answer", dict.fromkeys(ACTORS, 200), args=_partner_token),
]
