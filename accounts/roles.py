"""Roles mapped to permission codes "<app>.<object>:<action>", reviewed here and tested."""

from accounts.enums import AdherentRole, MandateScope, StaffRole

BACKOFFICE = "backoffice:access"
PORTAL = "portal:access"

_MEMBER_BASE = {PORTAL, "adherents.adherent:view", "adherents.establishment:view"}
# What the employer does for its workers' follow-up: never any medical content (L4624-8).
_MEMBER_FOLLOW_UP = {
    "adherents.establishment:manage",  # convocation preferences of each site
    "suivi_sante.worker:view",
    "suivi_sante.worker:declare",
    "suivi_sante.convocation:view",
    "suivi_sante.convocation:respond",
    "suivi_sante.document:view",
    "pdp.letter:view",  # the measures letter of a PDP case: adjustments, never a diagnosis
}

# The employer's side of prevention: its FE (read, acknowledge), DUERP, units, chemicals.
_MEMBER_PREVENTION = {
    "prevention.fiche:view",
    "prevention.fiche:acknowledge",
    "prevention.visit:view",
    "prevention.duerp:view",
    "prevention.duerp:edit",
    "prevention.duerp:publish",
    "prevention.workunit:view",
    "prevention.workunit:edit",
    "prevention.chemical:view",
    "prevention.chemical:edit",
}

# What every person of a member does with the service: write to it, join its meetings.
_MEMBER_RELATION = {
    "adherents.request:create",
    "adherents.request:view",
    "adherents.meeting:register",
}

# The self-employed offer (tns): one person's space, screening, workshops. The member's admin
# holds the same codes: the space tells a company head to be declared in the workforce
# declaration (art. L4621-4), and keeps a head's affiliation made before readable until its end.
_SELF_EMPLOYED_OFFER = {"tns.space:view"}

ADHERENT_ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    AdherentRole.ADMIN: frozenset(
        _MEMBER_BASE
        | {
            "adherents.adherent:manage",
            "adherents.mandate:manage",
            "adherents.invoice:view",
            "adherents.workforce:declare",
            "adherents.export:download",  # reversibility: all its administrative data
            "api.token:manage",  # personal access tokens of the API (issue 18)
            *_MEMBER_RELATION,
            *_MEMBER_FOLLOW_UP,
            *_MEMBER_PREVENTION,
            *_SELF_EMPLOYED_OFFER,
        }
    ),
    AdherentRole.HR: frozenset(
        _MEMBER_BASE
        | {
            "adherents.workforce:declare",
            *_MEMBER_RELATION,
            *_MEMBER_FOLLOW_UP,
        }
    ),
    AdherentRole.PREVENTION_CONTACT: frozenset(
        _MEMBER_BASE | _MEMBER_PREVENTION | _MEMBER_RELATION
    ),
    AdherentRole.BILLING: frozenset(
        _MEMBER_BASE
        | {"adherents.invoice:view", "adherents.request:create", "adherents.request:view"}
    ),
    # One person: their affiliation, invoices, requests; no worker list, no workforce declaration.
    AdherentRole.SELF_EMPLOYED: frozenset(
        {
            PORTAL,
            "adherents.adherent:view",
            "adherents.invoice:view",
            "adherents.request:create",
            "adherents.request:view",
            *_SELF_EMPLOYED_OFFER,
        }
    ),
}

# A firm sees what its mandate's scopes allow, and never more (seed 002: 25 % of files).
MANDATE_SCOPE_PERMISSIONS: dict[str, frozenset[str]] = {
    MandateScope.WORKFORCE: frozenset({"adherents.workforce:declare"}),
    MandateScope.INVOICES: frozenset({"adherents.invoice:view"}),
    MandateScope.WORKERS: frozenset({"suivi_sante.worker:view", "suivi_sante.worker:declare"}),
    MandateScope.CONVOCATIONS: frozenset(
        {
            "suivi_sante.convocation:view",
            "suivi_sante.convocation:respond",
            "adherents.establishment:manage",
        }
    ),
    # The member's requests inbox, as its own people hold it: never a medical code. Which
    # requests a firm reads is narrowed further by MemberRequest.objects.visible_to (only the
    # employer's and the firms' own, never an employee's or a staff representative's).
    MandateScope.REQUESTS: frozenset({"adherents.request:view", "adherents.request:create"}),
}
# A firm user creates API tokens for a member it acts for, within the mandate's scopes.
FIRM_BASE_PERMISSIONS = frozenset(_MEMBER_BASE | {"api.token:manage"})

# A former member (« Radié », adherents/members/services_lifecycle.end_membership): its people and
# its mandated firms keep reading their space (documents, invoices, workers, DUERP, requests...)
# and downloading its data (reversibility), but write nothing more. Of their codes they keep the
# read codes (action "view"), the data export, and the API tokens: revoking a token is the
# account's own security (like the password and MFA pages, which no code gates), and a token
# only reads with the codes below. Every other code (declare, respond, edit, manage, create,
# register, acknowledge, publish) is withdrawn; the portal's gate also refuses any POST of an
# ended member outside ENDED_MEMBER_WRITES (a page gated by a read code that writes, say).
ENDED_MEMBER_READ_ACTIONS = frozenset({"view"})
ENDED_MEMBER_KEPT = frozenset({PORTAL, "adherents.export:download", "api.token:manage"})
ENDED_MEMBER_WRITES = frozenset({"api.token:manage"})  # the only writes an ended member makes


def ended_member_permissions(codes: frozenset[str]) -> frozenset[str]:
    """The codes a person (or a firm) of a member whose membership has ended keeps."""
    return frozenset(
        code
        for code in codes
        if code in ENDED_MEMBER_KEPT or code.rpartition(":")[2] in ENDED_MEMBER_READ_ACTIONS
    )


# Every staff member sees the member trajectory, and marks done the steps its role owns.
_STAFF_BASE = {
    BACKOFFICE,
    "adherents.adherent:view",
    "adherents.establishment:view",
    "adherents.trajectory:view",
    # Pilots of a process and auditors of an audit: their own objects only (certification.perms).
    "certification.participant:access",
}
# The member service: applications, trajectory, requests, meetings, surveys, imports.
_MEMBER_SERVICE = {
    "adherents.adherent:manage",
    "adherents.application:review",
    "adherents.trajectory:manage",
    "adherents.request:handle",
    "adherents.partner:manage",
    "adherents.workforce:manage",
    "adherents.meeting:manage",
    "adherents.survey:manage",
    "adherents.complaint:manage",
    "adherents.import:run",
    "adherents.export:download",
    "adherents.report:view",
    "pdp.referral:create",  # a member's request about a worker, referred to the PDP cell
}
# What every member of a health team reads of prevention (the same workspace as the member).
_PREVENTION_READ = {
    "prevention.fiche:view",
    "prevention.visit:view",
    "prevention.duerp:view",
    "prevention.workunit:view",
    "prevention.action:view",
    "prevention.chemical:view",
}
# The prevention staff (ASST, IPRP): FE drafts, prevention visits, helping on the DUERP.
_PREVENTION_STAFF = {
    *_PREVENTION_READ,
    "prevention.fiche:write",
    "prevention.visit:write",
    "prevention.action:write",
    "prevention.duerp:edit",
    "prevention.workunit:edit",
    "prevention.chemical:edit",
}
# The self-employed offer seen by the team: affiliations (everyone); CBI scores and proposals of
# contact are health data, for health professionals only (physician, nurse, psychologist).
_TNS_STAFF = {"tns.affiliation:view"}
_TNS_HEALTH = {"tns.screening:read", "tns.screening:write", "tns.workshop:manage"}
# The PDP cell's working codes (L4622-8-1). Holding them opens the pages; which cases one reads
# is decided by pdp.perms: the cell's members (pdp.CellMember) and the worker's own physician
# and nurse. The employer only downloads the measures letter ("pdp.letter:view").
_PDP_CELL = {"pdp.case:read", "pdp.case:write", "pdp.referral:create"}
_HEALTH_PROFESSIONAL = {
    *_PDP_CELL,
    "suivi_sante.worker:view",
    "suivi_sante.visit:write",
    "suivi_sante.dmst:read",
    "suivi_sante.dmst:write",
    "suivi_sante.attestation:issue",
    "suivi_sante.agenda:view",
    "suivi_sante.protocol:view",
    "suivi_sante.identity:manage",
    *_PREVENTION_READ,
    *_TNS_STAFF,
    *_TNS_HEALTH,
}

# Management dashboards (issue 16). Which centres and teams the figures cover is decided by
# dashboards.scope: the direction every centre, a centre manager and the CMT the current centre,
# a physician the teams he or she is assigned to. Never any medical content: the lists behind a
# figure name a worker only for a reader who holds "suivi_sante.worker:view" in that team.
_DASHBOARDS_READ = {"dashboards.kpi:view", "dashboards.forecast:view"}
_DASHBOARDS_MANAGEMENT = {*_DASHBOARDS_READ, "dashboards.kpi:export"}

STAFF_ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    StaffRole.PHYSICIAN: frozenset(
        _STAFF_BASE
        | _HEALTH_PROFESSIONAL
        | _DASHBOARDS_READ  # the figures of his or her own teams
        | {
            "suivi_sante.avis:issue",
            "suivi_sante.protocol:manage",
            "suivi_sante.category:override",
            "suivi_sante.worker:merge",
            "suivi_sante.agenda:manage",
            "prevention.fiche:validate",
            "prevention.action:write",
        }
    ),
    StaffRole.NURSE: frozenset(_STAFF_BASE | _HEALTH_PROFESSIONAL),
    StaffRole.PREVENTION_ASSISTANT: frozenset(_STAFF_BASE | _PREVENTION_STAFF),
    StaffRole.IPRP: frozenset(_STAFF_BASE | _PREVENTION_STAFF),
    StaffRole.MEDICAL_SECRETARY: frozenset(
        _STAFF_BASE
        | {
            "suivi_sante.worker:view",
            "suivi_sante.worker:merge",
            "suivi_sante.identity:manage",
            "suivi_sante.agenda:view",
            "suivi_sante.agenda:manage",
            "suivi_sante.protocol:view",
            # The cell's secretary (seed 001): works on cases once a member of the cell only.
            *_PDP_CELL,
        }
    ),
    StaffRole.SOCIAL_WORKER: frozenset(_STAFF_BASE | _PDP_CELL),
    StaffRole.PSYCHOLOGIST: frozenset(_STAFF_BASE | _PDP_CELL | _TNS_STAFF | _TNS_HEALTH),
    StaffRole.JOB_RETENTION_OFFICER: frozenset(_STAFF_BASE | _PDP_CELL),
    StaffRole.ERGONOMIST: frozenset(_STAFF_BASE | _PDP_CELL),
    StaffRole.MEMBER_SERVICE: frozenset(
        _STAFF_BASE | _MEMBER_SERVICE | _TNS_STAFF | {"tns.workshop:manage", "tns.report:view"}
    ),
    StaffRole.BILLING: frozenset(
        _STAFF_BASE
        | {"adherents.invoice:manage", "adherents.workforce:view", "adherents.report:view"}
    ),
    StaffRole.QUALITY: frozenset(
        _STAFF_BASE
        | {
            "certification.evidence:manage",
            "certification.quality:view",
            "certification.quality:manage",
            "adherents.complaint:manage",
            "adherents.survey:manage",
            "adherents.report:view",
        }
    ),
    StaffRole.DIRECTION: frozenset(
        _STAFF_BASE
        | _DASHBOARDS_MANAGEMENT
        | {
            "dashboards.target:manage",  # the CPOM targets
            "dashboards.dgt:export",  # the DGT annual survey
            "adherents.report:view",
            "tns.report:view",
            "certification.quality:view",  # reads the quality system
            "certification.review:hold",  # holds the yearly management review
            # Sets up the centre's PDP cell (members, coordinator), never reads its cases.
            "pdp.cell:manage",
        }
    ),
}

STAFF_ROLE_PERMISSIONS[StaffRole.CENTER_MANAGER] = frozenset(
    _STAFF_BASE | _DASHBOARDS_MANAGEMENT | {"adherents.report:view", "tns.report:view"}
)
STAFF_ROLE_PERMISSIONS[StaffRole.CMT] = frozenset(_STAFF_BASE | _DASHBOARDS_READ)

# The DMST is read by the worker's health professionals only (secret médical, L1110-4 CSP).
MEDICAL_ROLES = frozenset({StaffRole.PHYSICIAN, StaffRole.NURSE})


def staff_permissions(roles: frozenset[str]) -> frozenset[str]:
    """Union of the codes of a staff member's roles in the current centre."""
    codes: set[str] = set()
    for role in roles:
        codes |= STAFF_ROLE_PERMISSIONS[role]
    return frozenset(codes)


def firm_permissions(scopes: list[str]) -> frozenset[str]:
    """The codes a firm holds for one member, from the mandate's scopes."""
    codes = set(FIRM_BASE_PERMISSIONS)
    for scope in scopes:
        codes |= MANDATE_SCOPE_PERMISSIONS[scope]
    return frozenset(codes)
