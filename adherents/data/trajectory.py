"""The default member trajectory (seed 002), loaded by a data migration (and by the tests after
a flush); each service then adjusts labels, owners and delays in the back-office."""

# code, label, track, owner role, target days, order
DEFAULT_STEPS = [
    ("welcome_call", "Appel de bienvenue", "new", "member_service", 15, 10),
    (
        "meeting_invitation",
        "Invitation à une rencontre employeurs",
        "new",
        "member_service",
        30,
        20,
    ),
    # R4624-47 asks the FE within the year; the network's promise is a visit within 6 months.
    ("prevention_visit", "Rendez-vous de la prévention", "new", "prevention_assistant", 183, 30),
    ("action_plan", "Plan d'action remis à l'adhérent", "new", "prevention_assistant", 270, 40),
    ("satisfaction", "Enquête de satisfaction", "new", "member_service", 365, 50),
    ("yearly_review", "Point annuel avec l'adhérent", "yearly", "member_service", 90, 10),
    (
        "yearly_satisfaction",
        "Enquête de satisfaction annuelle",
        "yearly",
        "member_service",
        300,
        20,
    ),
]


def load_default_trajectory(apps) -> None:
    """Create the missing default steps (idempotent); `apps` is a migration's or the live one."""
    definition = apps.get_model("adherents", "TrajectoryStepDefinition")
    for code, label, track, owner_role, target_days, order in DEFAULT_STEPS:
        definition.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "track": track,
                "owner_role": owner_role,
                "target_days": target_days,
                "order": order,
            },
        )
