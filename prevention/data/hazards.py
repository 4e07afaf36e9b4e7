"""The shipped hazard thesaurus: families and hazards of occupational risk assessment.

Families follow the usual grid of the INRS guide ED 840 (évaluation des risques
professionnels). A new edition is a new THESAURUS_VERSION: older FEs and DUERPs keep theirs.
"""

THESAURUS_VERSION = "2026.1"
THESAURUS_PUBLISHED_ON = "2026-01-05"

# (code, family, label)
HAZARDS: list[tuple[str, str, str]] = [
    ("CHU-PP", "Chutes", "Chute de plain-pied (glissade, trébuchement)"),
    ("CHU-HT", "Chutes", "Chute de hauteur"),
    ("CHU-OBJ", "Chutes", "Chute d'objets, effondrement"),
    ("MAN-MAN", "Manutention", "Manutention manuelle, port de charges"),
    ("MAN-MEC", "Manutention", "Manutention mécanique, engins de levage"),
    ("TMS-REP", "Postures et gestes", "Gestes répétitifs, troubles musculo-squelettiques"),
    ("TMS-POS", "Postures et gestes", "Postures pénibles, travail statique"),
    ("CIR-INT", "Circulation", "Circulation interne (piétons, chariots, véhicules)"),
    ("CIR-ROU", "Circulation", "Risque routier (déplacements professionnels)"),
    ("MAC-MEC", "Machines et outils", "Machines, outils : coupure, écrasement, happement"),
    ("ELEC", "Électricité", "Risque électrique"),
    ("INC-EXP", "Incendie et explosion", "Incendie, explosion (ATEX)"),
    ("CHI-AGT", "Agents chimiques", "Agents chimiques dangereux (produits, fumées)"),
    ("CHI-CMR", "Agents chimiques", "Agents cancérogènes, mutagènes, reprotoxiques (CMR)"),
    ("CHI-POU", "Agents chimiques", "Poussières (bois, silice, farine…)"),
    ("CHI-AMI", "Agents chimiques", "Amiante"),
    ("BIO", "Agents biologiques", "Agents biologiques (infection, allergie)"),
    ("BRU", "Ambiances physiques", "Bruit"),
    ("VIB", "Ambiances physiques", "Vibrations"),
    ("THE-CHA", "Ambiances physiques", "Ambiances thermiques chaudes (chaleur, canicule)"),
    ("THE-FRO", "Ambiances physiques", "Ambiances thermiques froides"),
    ("ECL", "Ambiances physiques", "Éclairage insuffisant ou éblouissement"),
    ("RAY-ION", "Rayonnements", "Rayonnements ionisants"),
    ("RAY-OPT", "Rayonnements", "Rayonnements optiques et champs électromagnétiques"),
    ("ECR", "Organisation du travail", "Travail sur écran"),
    ("HOR", "Organisation du travail", "Travail de nuit, horaires atypiques"),
    ("ISO", "Organisation du travail", "Travail isolé"),
    ("RPS-CHG", "Risques psychosociaux", "Charge de travail, exigences, rythme"),
    ("RPS-REL", "Risques psychosociaux", "Relations de travail, violences internes"),
    ("RPS-EXT", "Risques psychosociaux", "Violences externes (public, clients)"),
    ("ESP-CON", "Espaces", "Espaces confinés"),
    ("HYP", "Espaces", "Milieu hyperbare"),
    ("ENT-EXT", "Co-activité", "Intervention d'entreprises extérieures, co-activité"),
]

# The default evaluation grid: 4 levels of severity and of probability, 3 criticity bands.
DEFAULT_MATRIX = {
    "name": "Grille 4 × 4 du service",
    "severity_labels": ["Faible", "Moyenne", "Grave", "Très grave"],
    "probability_labels": ["Rare", "Peu fréquent", "Fréquent", "Très fréquent"],
    "bands": [[3, "Faible"], [8, "Modérée"], [16, "Élevée"]],
}
