"""The chapter skeleton of AFNOR SPEC 2217 (August 2023), shipped as the default referential.

The criteria list is not public (free from AFNOR on request): the service loads it as a file
(certification/referential). Chapter 6 and the sub-chapters below are TO VERIFY against the
text (domain note offres-pdp-tns-qualite-indicateurs.md, section 3).
"""

from __future__ import annotations

SKELETON_VERSION = "SPEC 2217 — squelette des chapitres"

# (code, title, position)
CHAPTERS: tuple[tuple[str, str], ...] = (
    ("1", "Domaine d'application"),
    ("2", "Cadre légal et réglementaire"),
    ("3", "Conformité et niveaux de certification"),
    ("4", "Moyens"),
    ("4.1", "Ressources humaines et compétences"),
    ("4.2", "Système d'information et communication"),
    ("4.3", "Locaux et cabinets de consultation"),
    ("5", "Missions"),
    ("5.1", "Missions générales"),
    ("5.2", "Prévention des risques professionnels"),
    ("5.3", "Suivi individuel de l'état de santé"),
    ("5.4", "Prévention de la désinsertion professionnelle"),
    ("6", "Chapitre 6 (à confirmer avec le texte de la SPEC 2217)"),
)


def load_default_skeleton(apps) -> None:
    """Create the skeleton referential with its chapters, once (idempotent; data migration)."""
    referential_model = apps.get_model("certification", "Referential")
    chapter_model = apps.get_model("certification", "Chapter")
    referential, _ = referential_model.objects.get_or_create(
        version=SKELETON_VERSION, defaults={"is_skeleton": True}
    )
    for position, (code, title) in enumerate(CHAPTERS, start=1):
        chapter_model.objects.get_or_create(
            referential=referential, code=code, defaults={"title": title, "position": position}
        )
