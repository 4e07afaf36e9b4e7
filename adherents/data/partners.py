"""Example second-level partners (seed 000: CARSAT, ARACT, OPPBTP, DREETS...) for the demo.

Generic names and `.example` addresses only: each service enters its real contact points in
the back-office directory. Not loaded by a migration; the demo seeding calls
`load_example_partners`.
"""

from __future__ import annotations

EXAMPLE_PARTNERS: list[dict] = [
    {
        "name": "CARSAT — service prévention des risques professionnels",
        "kind": "carsat",
        "region": "Régional",
        "email": "contact@carsat.example",
        "phone": "",
        "response_days": 15,
    },
    {
        "name": "ARACT — amélioration des conditions de travail",
        "kind": "aract",
        "region": "Régional",
        "email": "contact@aract.example",
        "phone": "",
        "response_days": 15,
    },
    {
        "name": "OPPBTP — agence régionale",
        "kind": "oppbtp",
        "region": "Régional",
        "email": "contact@oppbtp.example",
        "phone": "",
        "response_days": 10,
    },
    {
        "name": "DREETS — pôle travail",
        "kind": "dreets",
        "region": "Régional",
        "email": "contact@dreets.example",
        "phone": "",
        "response_days": 21,
    },
    {
        "name": "Cap Emploi — maintien dans l'emploi",
        "kind": "cap_emploi",
        "region": "Départemental",
        "email": "contact@cap-emploi.example",
        "phone": "",
        "response_days": 15,
    },
    {
        "name": "Agefiph — délégation régionale",
        "kind": "agefiph",
        "region": "Régional",
        "email": "contact@agefiph.example",
        "phone": "",
        "response_days": 21,
    },
]


def example_partners() -> list[dict]:
    """A fresh copy of the examples (callers may change them)."""
    return [dict(partner) for partner in EXAMPLE_PARTNERS]


def load_example_partners(apps=None) -> int:
    """Create the examples missing from the directory (by kind and name); returns how many.

    `apps` is a migration's app registry when called from one, else the live models.
    """
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    partner_model = apps.get_model("adherents", "Partner")
    created = 0
    for values in example_partners():
        _, was_created = partner_model.objects.get_or_create(
            kind=values["kind"], name=values["name"], defaults=values
        )
        created += was_created
    return created
