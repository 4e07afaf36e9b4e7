"""Initial visit and its periodic renewal: VIP (SI, SIA) or aptitude exam (SIR).

The history is assumed to concern an equivalent post with equivalent risks: the waivers of
R4624-15 and R4624-27 (R4625-11 and R4625-13 for temporary workers) also require that the
physician holds the last attestation or avis and that no inaptitude or measure was issued since;
the physician confirms that equivalence.
"""

from collections.abc import Sequence
from datetime import date

from suivi_sante.rules import law
from suivi_sante.rules.dates import add_months, age_on, days_inclusive, french
from suivi_sante.rules.delegation import performers_for
from suivi_sante.rules.facts import Due, EmploymentFacts, PastVisit, WorkerFacts
from suivi_sante.rules.kinds import (
    AptitudeJob,
    Category,
    Contract,
    Performer,
    SirRisk,
    VisitKind,
)

APTITUDE_EXAMS = frozenset({VisitKind.EMAE, VisitKind.SIR_PERIODIQUE})
# An aptitude exam by the physician covers what a VIP gives (information, prevention, R4624-24).
VIP_EQUIVALENTS = frozenset({VisitKind.VIP, *APTITUDE_EXAMS})


def followup_visits(
    *,
    worker: WorkerFacts,
    employment: EmploymentFacts,
    history: Sequence[PastVisit],
    category: Category,
) -> list[Due]:
    """The initial visit if not held nor waived, else its next renewal(s).

    Nothing for a seasonal worker whom collective actions follow instead (D4625-22).
    """
    if seasonal_notice(employment, category) is not None:
        return []
    if category is Category.SIR:
        return _sir_visits(employment, history)
    return _vip_visits(worker, employment, history, category)


def span(months: int) -> str:
    """A periodicity in words: "1 an", "5 ans", "18 mois"."""
    if months % 12:
        return f"{months} mois"
    years = months // 12
    return f"{years} an" if years == 1 else f"{years} ans"


def periodicity(
    maximum: int, article: str, physician_months: int | None, who: str = ""
) -> tuple[int, str]:
    """Months until the renewal and the French clause that explains them.

    The physician may shorten the periodicity, never lengthen it: a longer value is ignored,
    the legal maximum applies, and the clause says so.
    """
    if physician_months is None:
        return maximum, f"périodicité de {span(maximum)}{who} (art. {article})"
    if physician_months <= maximum:
        return physician_months, (
            f"périodicité de {span(physician_months)} fixée par le médecin du travail "
            f"(maximum légal{who} : {span(maximum)}, art. {article})"
        )
    return maximum, (
        f"périodicité de {span(maximum)}{who} (art. {article}) ; la périodicité de "
        f"{span(physician_months)} fixée par le médecin dépasse ce maximum légal et n'est pas "
        "retenue"
    )


def bounded(deadline: date, employment: EmploymentFacts) -> tuple[date, str]:
    """A deadline brought forward to the last day of employment when the post ends before it.

    Reading that protects the worker (the earlier date): a visit owed for this post is held
    while the worker still holds it.
    """
    end = employment.end_date
    if end is None or deadline <= end:
        return deadline, ""
    return end, f" ; fin d'emploi le {french(end)} : échéance ramenée au dernier jour d'emploi"


def _sir_visits(employment: EmploymentFacts, history: Sequence[PastVisit]) -> list[Due]:
    """EMAE before assignment (R4624-24), unless waived (R4624-27; R4625-13 for a temporary
    worker, the same 2 years); then exam and intermediate.

    The renewal by the physician comes at most 4 years after the last exam, the intermediate
    visit at most 2 years after it (R4624-28); category A radiation workers are re-examined
    every year, without intermediate visit (R4451-82).
    """
    start = employment.start_date
    waiver_article = (
        law.INTERIM_EMAE_WAIVER_ARTICLE if employment.contract is Contract.INTERIM else "R4624-27"
    )
    exams = sorted(v.date for v in history if v.kind in APTITUDE_EXAMS)
    recent = [d for d in exams if d >= add_months(start, -law.EMAE_WAIVER_MONTHS)]
    if not recent:
        reason = (
            "EMAE à réaliser par le médecin du travail avant l'affectation au poste, le "
            f"{french(start)} : salarié en SIR (art. R4624-24)"
        )
        reason += _seasonal_exam_clause(employment)
        if exams:
            reason += (
                f" ; dernier examen d'aptitude le {french(exams[-1])}, plus de 2 ans avant "
                f"l'embauche : pas de dispense (art. {waiver_article})"
            )
        return [Due(VisitKind.EMAE, start, performers_for(VisitKind.EMAE), "R4624-24", reason)]

    last = recent[-1]
    waiver = (
        ""
        if last >= start
        else (
            f" (antérieur à l'embauche du {french(start)} : dispense d'EMAE, art. {waiver_article})"
        )
    )
    radiation_a = SirRisk.RAYONNEMENTS_A in employment.sir_risks
    physician_months = employment.physician_periodicity_months
    if radiation_a:
        reference = "R4451-82"
        months, clause = periodicity(
            law.RADIATION_A_PERIOD_MONTHS, reference, physician_months, " en catégorie A"
        )
    else:
        reference = "R4624-28"
        months, clause = periodicity(law.SIR_EXAM_PERIOD_MONTHS, reference, physician_months)
    next_exam = add_months(last, months)
    due = []
    if employment.is_employed_on(next_exam):
        due.append(
            Due(
                VisitKind.SIR_PERIODIQUE,
                next_exam,
                performers_for(VisitKind.SIR_PERIODIQUE),
                reference,
                f"Renouvellement de l'examen d'aptitude avant le {french(next_exam)} : dernier "
                f"examen par le médecin du travail le {french(last)}{waiver}, {clause}",
            )
        )
    held_since = any(v.kind is VisitKind.VISITE_INTERMEDIAIRE and v.date > last for v in history)
    if radiation_a or held_since:
        return due
    intermediate = add_months(last, law.SIR_INTERMEDIATE_MONTHS)
    # Not listed when the physician's exam comes first: that exam restarts both clocks.
    if intermediate < next_exam and employment.is_employed_on(intermediate):
        due.append(
            Due(
                VisitKind.VISITE_INTERMEDIAIRE,
                intermediate,
                performers_for(VisitKind.VISITE_INTERMEDIAIRE),
                "R4624-28",
                f"Visite intermédiaire avant le {french(intermediate)} : au plus tard 2 ans "
                f"après le dernier examen par le médecin du travail, le {french(last)} "
                "(art. R4624-28)",
            )
        )
    return due


def _vip_waiver_article(employment: EmploymentFacts) -> str:
    if employment.contract is Contract.INTERIM:
        return law.INTERIM_VIP_WAIVER_ARTICLE
    return "R4624-15"


def _seasonal_exam_clause(employment: EmploymentFacts) -> str:
    """Why a seasonal worker on a risk post gets the EMAE (D4625-22), said in the reason."""
    if employment.contract is not Contract.SAISONNIER:
        return ""
    days, known = seasonal_effective_days(employment)
    minimum = law.SEASONAL_MIN_EFFECTIVE_DAYS
    if days is None:
        length = (
            "contrat sans date de fin"
            if employment.end_date is None
            else f"contrat de {days_inclusive(employment.start_date, employment.end_date)} "
            "jours calendaires"
        )
        return (
            f" ; saisonnier : jours de travail effectif non déclarés ({length}), au moins "
            f"{minimum} jours retenus, lecture qui protège le salarié (art. {law.SEASONAL_ARTICLE})"
        )
    return (
        f" ; saisonnier : {days} jours de travail effectif ({known}), au moins {minimum} "
        f"jours (art. {law.SEASONAL_ARTICLE})"
    )


def _vip_visits(
    worker: WorkerFacts,
    employment: EmploymentFacts,
    history: Sequence[PastVisit],
    category: Category,
) -> list[Due]:
    """Initial VIP unless waived by a recent one (R4624-15; R4625-11 for a temporary worker:
    2 years, whatever the category), else the VIP's renewal.

    CACES and electrical-clearance posts: only a visit by the physician counts (décret
    2025-355); an avis d'aptitude issued under the SIR before 1 October 2025 counts too.
    """
    start = employment.start_date
    aptitude_posts = [job for job in law.APTITUDE_POSTS if job in employment.aptitude_jobs]
    minor_at_hire = age_on(worker.birth_date, start) < law.MINOR_AGE
    adapted = category is Category.SIA or minor_at_hire
    if employment.contract is Contract.INTERIM:
        window = law.INTERIM_WAIVER_MONTHS  # R4625-11: same job, 2 years before the mission
    else:
        window = law.VIP_WAIVER_MONTHS_SIA if adapted else law.VIP_WAIVER_MONTHS_SI
    held = sorted(
        (v.date, v.kind)
        for v in history
        if v.kind in VIP_EQUIVALENTS and (not aptitude_posts or v.performer is Performer.PHYSICIAN)
    )
    recent = [(d, kind) for d, kind in held if d >= add_months(start, -window)]
    if recent:
        return _vip_renewal(employment, recent[-1], aptitude_posts)
    previous = held[-1][0] if held else None
    return [_initial_vip(employment, aptitude_posts, minor_at_hire, previous, window)]


def seasonal_effective_days(employment: EmploymentFacts) -> tuple[int | None, str]:
    """Days of effective work the seasonal contract plans, and how they are known.

    The declared ``effective_work_days`` when given. Else, a contract shorter than 45 calendar
    days certainly has fewer than 45 days of effective work (a day of work is a calendar day):
    its calendar length is used. Else the number is unknown (None): the caller then takes the
    reading that protects the worker, an aptitude exam on a risk post (at least 45 days).
    """
    if employment.effective_work_days is not None:
        return employment.effective_work_days, "déclarés"
    end = employment.end_date
    if end is not None:
        calendar_days = days_inclusive(employment.start_date, end)
        if calendar_days < law.SEASONAL_MIN_EFFECTIVE_DAYS:
            return calendar_days, "au plus, selon les dates du contrat"
    return None, ""


def seasonal_notice(employment: EmploymentFacts, category: Category) -> str | None:
    """Collective actions instead of the individual visits for a seasonal worker (D4625-22).

    On a risk post (SIR) the aptitude exam is owed only from 45 days of effective work
    (exactly 45 is not "less than 45"); below, collective actions of training and prevention
    (AFP). On a post without particular risks, the AFP whatever the contract's length, as the
    text reads and most services apply it. Reading choice: CACES and electrical-clearance posts
    keep their visit by the physician, since the attestation of non-contraindication is a
    condition of the authorisation itself (décret 2025-355).
    """
    if employment.contract is not Contract.SAISONNIER:
        return None
    days, known = seasonal_effective_days(employment)
    if category is Category.SIR:
        if days is None or days >= law.SEASONAL_MIN_EFFECTIVE_DAYS:
            return None
        why = (
            f"contrat de {days} jours de travail effectif ({known}), moins de "
            f"{law.SEASONAL_MIN_EFFECTIVE_DAYS} jours : pas d'examen d'aptitude à l'embauche"
        )
    else:
        if any(job in employment.aptitude_jobs for job in law.APTITUDE_POSTS):
            return None
        why = "poste sans risque particulier, quelle que soit la durée du contrat : pas de VIP"
    return (
        "Saisonnier : actions collectives de formation et de prévention (AFP) organisées par le "
        f"service au lieu des visites individuelles ; {why} (art. {law.SEASONAL_ARTICLE})"
    )


def _initial_vip(
    employment: EmploymentFacts,
    aptitude_posts: list[AptitudeJob],
    minor_at_hire: bool,
    previous: date | None,
    window: int,
) -> Due:
    """The initial VIP: before assignment (R4624-18, décret 2025-355), else within the
    contract's delay (R4624-10), with the orientation the worker's situation calls for."""
    start = employment.start_date
    grounds = []
    if employment.night_work:
        grounds.append("travail de nuit (art. R4624-18)")
    if minor_at_hire:
        grounds.append("salarié de moins de 18 ans à l'embauche (art. R4624-18)")
    grounds.extend(f"{label} (art. R4624-18)" for label in employment.adapted_exposures)
    grounds.extend(
        f"{law.APTITUDE_POSTS[job][0]} (art. {law.APTITUDE_POSTS[job][1]})"
        for job in aptitude_posts
    )
    if grounds:
        due_date = start
        who = " par le médecin du travail" if aptitude_posts else ""
        reference = law.APTITUDE_POSTS[aptitude_posts[0]][1] if aptitude_posts else "R4624-18"
        reason = (
            f"VIP initiale à réaliser{who} avant l'affectation au poste, le {french(start)} : "
            + " ; ".join(grounds)
        )
        if aptitude_posts:
            reason += (
                " ; le médecin délivre une attestation de non contre-indication médicale "
                "valable 5 ans (décret 2025-355 du 18 avril 2025)"
            )
    else:
        months, reference = law.VIP_DEADLINE_BY_CONTRACT[employment.contract]
        due_date, clamp = bounded(add_months(start, months), employment)
        for_whom = " pour un apprenti" if employment.contract is Contract.APPRENTI else ""
        reason = (
            f"VIP initiale à réaliser avant le {french(due_date)} : embauche le "
            f"{french(start)}, délai de {span(months)}{for_whom} (art. {reference}){clamp}"
        )
    if employment.disabled or employment.invalidity_pension:
        reason += (
            " ; orientation sans délai vers le médecin du travail après la VIP (art. R4624-20)"
        )
    if employment.pregnant:
        reason += (
            " ; orientation possible vers le médecin du travail à tout moment, à sa demande "
            "(art. R4624-19)"
        )
    if previous is not None:
        reason += (
            f" ; dernière visite le {french(previous)}, plus de {span(window)} avant "
            f"l'embauche : pas de dispense (art. {_vip_waiver_article(employment)})"
        )
    performers = performers_for(VisitKind.VIP, physician_only=bool(aptitude_posts))
    return Due(VisitKind.VIP, due_date, performers, reference, reason)


def _vip_renewal(
    employment: EmploymentFacts,
    last: tuple[date, VisitKind],
    aptitude_posts: list[AptitudeJob],
) -> list[Due]:
    """Next VIP at most 5 years after the last (R4624-16); 3 years for night work (R4624-17),
    disabled workers and invalidity pension holders (R4624-17, R4624-20). The other workers in
    SIA (minors, exposures to biological agents of group 2 or to electromagnetic fields above
    the limit values, R4624-18; pregnancy, R4624-19) keep the 5 years.

    Disabled workers and pension holders, once oriented, are followed by the physician: the
    domain notes say "physician after orientation", so the renewal is the physician's.
    """
    last_on, last_kind = last
    limits = [(law.SI_PERIOD_MONTHS, "R4624-16", "")]
    if employment.night_work:
        limits.append(
            (
                law.NIGHT_WORK_PERIOD_MONTHS,
                law.NIGHT_WORK_PERIOD_ARTICLE,
                " pour un travailleur de nuit",
            )
        )
    oriented = employment.disabled or employment.invalidity_pension
    if oriented:
        who = " pour un travailleur handicapé ou titulaire d'une pension d'invalidité"
        limits.append((law.DISABLED_PERIOD_MONTHS, "R4624-17", who))
    maximum, reference, who = min(limits, key=lambda limit: limit[0])
    months, clause = periodicity(maximum, reference, employment.physician_periodicity_months, who)
    due_date = add_months(last_on, months)
    if not employment.is_employed_on(due_date):
        return []
    is_vip = last_kind is VisitKind.VIP
    held = "dernière VIP" if is_vip else "dernier examen d'aptitude"
    reason = f"Renouvellement de la VIP avant le {french(due_date)} : {held} le {french(last_on)}"
    if last_on < employment.start_date:
        reason += (
            f" ({'antérieure' if is_vip else 'antérieur'} à l'embauche du "
            f"{french(employment.start_date)} : dispense de VIP initiale, "
            f"art. {_vip_waiver_article(employment)})"
        )
    reason += f", {clause}"
    if aptitude_posts:
        reason += (
            " ; par le médecin du travail, avec une attestation de non contre-indication "
            "médicale valable 5 ans (décret 2025-355 du 18 avril 2025)"
        )
    if oriented:
        reason += " ; suivi par le médecin du travail après orientation (art. R4624-20)"
    performers = performers_for(VisitKind.VIP, physician_only=bool(aptitude_posts) or oriented)
    return [Due(VisitKind.VIP, due_date, performers, reference, reason)]
