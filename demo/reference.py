"""Fixed reference data of the demo dataset: centres, communes, demo logins, trades and jobs."""

from __future__ import annotations

from accounts.enums import AdherentRole, StaffRole

DEMO_PASSWORD = "demo-spsti-2026"  # noqa: S105 - documented demo password, DEBUG data only
# Demo staff accounts come already activated with this TOTP secret (a real staff account is
# activated by its single-use link, accounts/activation.py): `oathtool --totp -b SECRET`.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPDEMOSPSTIAAAAAAA"  # noqa: S105 - documented, DEBUG data only
DEMO_DOMAIN = "demo.spsti.fr"
GENERATED_DOMAIN = "exemple.fr"
SUPERUSER_EMAIL = f"admin@{DEMO_DOMAIN}"
FIRM_DEMO_EMAIL = f"cabinet@{DEMO_DOMAIN}"

# The two centres (real cities) with real communes (postal code, name) around them.
CENTERS: tuple[dict, ...] = (
    {
        "name": "Centre de santé au travail de Lyon Gerland",
        "city": "Lyon",
        "postal_code": "69007",
        "teams": ("Équipe Lyon Est", "Équipe Lyon Ouest"),
        "communes": (
            ("69001", "Lyon"),
            ("69002", "Lyon"),
            ("69003", "Lyon"),
            ("69007", "Lyon"),
            ("69008", "Lyon"),
            ("69009", "Lyon"),
            ("69100", "Villeurbanne"),
            ("69200", "Vénissieux"),
            ("69500", "Bron"),
            ("69300", "Caluire-et-Cuire"),
            ("69120", "Vaulx-en-Velin"),
            ("69800", "Saint-Priest"),
            ("69150", "Décines-Charpieu"),
            ("69330", "Meyzieu"),
            ("69140", "Rillieux-la-Pape"),
            ("69130", "Écully"),
            ("69160", "Tassin-la-Demi-Lune"),
            ("69190", "Saint-Fons"),
            ("69230", "Saint-Genis-Laval"),
            ("69400", "Villefranche-sur-Saône"),
            ("69700", "Givors"),
        ),
    },
    {
        "name": "Centre de santé au travail de Grenoble",
        "city": "Grenoble",
        "postal_code": "38000",
        "teams": ("Équipe Grenoble Nord", "Équipe Grenoble Sud"),
        "communes": (
            ("38000", "Grenoble"),
            ("38100", "Grenoble"),
            ("38130", "Échirolles"),
            ("38400", "Saint-Martin-d'Hères"),
            ("38600", "Fontaine"),
            ("38240", "Meylan"),
            ("38170", "Seyssinet-Pariset"),
            ("38180", "Seyssins"),
            ("38500", "Voiron"),
            ("38120", "Saint-Égrève"),
            ("38360", "Sassenage"),
            ("38320", "Eybens"),
            ("38610", "Gières"),
            ("38800", "Le Pont-de-Claix"),
            ("38920", "Crolles"),
            ("38330", "Montbonnot-Saint-Martin"),
        ),
    },
)

# Roles held inside a team (the others are held at the centre level, team left empty).
TEAM_ROLES: tuple[StaffRole, ...] = (
    StaffRole.PHYSICIAN,
    StaffRole.NURSE,
    StaffRole.PREVENTION_ASSISTANT,
    StaffRole.MEDICAL_SECRETARY,
)
CENTER_ROLES: tuple[StaffRole, ...] = tuple(r for r in StaffRole if r not in TEAM_ROLES)

# One fixed login per staff role, all in centre 1 (team 1 for team roles).
STAFF_DEMO_EMAILS: dict[StaffRole, str] = {
    StaffRole.PHYSICIAN: f"medecin@{DEMO_DOMAIN}",
    StaffRole.NURSE: f"infirmier@{DEMO_DOMAIN}",
    StaffRole.PREVENTION_ASSISTANT: f"assistant.prevention@{DEMO_DOMAIN}",
    StaffRole.IPRP: f"iprp@{DEMO_DOMAIN}",
    StaffRole.MEDICAL_SECRETARY: f"secretaire@{DEMO_DOMAIN}",
    StaffRole.SOCIAL_WORKER: f"assistant.social@{DEMO_DOMAIN}",
    StaffRole.PSYCHOLOGIST: f"psychologue@{DEMO_DOMAIN}",
    StaffRole.JOB_RETENTION_OFFICER: f"maintien.emploi@{DEMO_DOMAIN}",
    StaffRole.ERGONOMIST: f"ergonome@{DEMO_DOMAIN}",
    StaffRole.MEMBER_SERVICE: f"service.adherents@{DEMO_DOMAIN}",
    StaffRole.BILLING: f"facturation@{DEMO_DOMAIN}",
    StaffRole.QUALITY: f"qualite@{DEMO_DOMAIN}",
    StaffRole.DIRECTION: f"direction@{DEMO_DOMAIN}",
    StaffRole.CENTER_MANAGER: f"responsable.centre@{DEMO_DOMAIN}",
    StaffRole.CMT: f"cmt@{DEMO_DOMAIN}",
}
# One fixed login per role in the first member company.
PORTAL_DEMO_EMAILS: dict[AdherentRole, str] = {
    AdherentRole.ADMIN: f"adherent@{DEMO_DOMAIN}",
    AdherentRole.HR: f"rh@{DEMO_DOMAIN}",
    AdherentRole.PREVENTION_CONTACT: f"referent.prevention@{DEMO_DOMAIN}",
    AdherentRole.BILLING: f"comptabilite@{DEMO_DOMAIN}",
}

# The first self-employed member's person: the offer's one-person space (tns).
SELF_EMPLOYED_DEMO_EMAIL = f"independant@{DEMO_DOMAIN}"

DEMO_LOGINS: list[tuple[str, str]] = [
    (SUPERUSER_EMAIL, "Super-administrateur (admin Django)"),
    *((email, f"Adhérent — {role.label}") for role, email in PORTAL_DEMO_EMAILS.items()),
    (SELF_EMPLOYED_DEMO_EMAIL, "Travailleur indépendant affilié à l'offre spécifique"),
    (FIRM_DEMO_EMAIL, "Cabinet comptable (mandats de plusieurs adhérents)"),
    *((email, f"Équipe du service — {role.label}") for role, email in STAFF_DEMO_EMAILS.items()),
]

# Codes fitting a self-employed member (TNS).
TNS_NAF_CODES: tuple[str, ...] = (
    "86.23Z",
    "86.21Z",
    "86.90D",
    "96.02A",
    "96.02B",
    "69.10Z",
    "62.02A",
    "70.22Z",
    "43.21A",
    "49.32Z",
)
DEMO_MEMBER_NAF = "43.21A"

# Trade words put before a family name to make a company name, by NAF code.
NAME_PREFIXES: dict[str, tuple[str, ...]] = {
    "01.11Z": ("EARL", "GAEC"),
    "01.21Z": ("Domaine", "Château", "Vignobles"),
    "10.13B": ("Charcuterie", "Maison"),
    "10.71C": ("Boulangerie", "Au Fournil"),
    "10.71D": ("Pâtisserie", "Maison"),
    "16.23Z": ("Menuiserie", "Charpentes"),
    "25.62B": ("Mécanique", "Ateliers"),
    "41.20A": ("Maisons", "Construction"),
    "41.20B": ("Bâtiments", "Construction"),
    "43.21A": ("Électricité", "Elec"),
    "43.22A": ("Plomberie", "Sanitaires"),
    "43.22B": ("Thermique", "Chauffage"),
    "43.32A": ("Menuiseries", "Fenêtres"),
    "43.34Z": ("Peinture", "Décoration"),
    "43.91B": ("Couverture", "Toitures"),
    "43.99C": ("Maçonnerie", "Entreprise"),
    "45.11Z": ("Automobiles", "Garage"),
    "45.20A": ("Garage", "Auto Service"),
    "47.11B": ("Épicerie", "Alimentation"),
    "47.11D": ("Supermarché", "Marché"),
    "47.71Z": ("Boutique", "Mode"),
    "47.73Z": ("Pharmacie",),
    "47.76Z": ("Fleurs", "Jardinerie"),
    "49.32Z": ("Taxis",),
    "49.41A": ("Transports",),
    "49.41B": ("Transports", "Livraisons"),
    "52.29A": ("Express", "Messagerie"),
    "55.10Z": ("Hôtel",),
    "56.10A": ("Restaurant", "Brasserie", "Bistrot"),
    "56.10C": ("Snack", "Pizzeria"),
    "56.30Z": ("Café", "Bar"),
    "62.01Z": ("Logiciels", "Digital"),
    "62.02A": ("Conseil informatique", "Systèmes"),
    "68.31Z": ("Immobilier", "Agence"),
    "69.10Z": ("Cabinet", "Office notarial"),
    "69.20Z": ("Expertise comptable", "Cabinet"),
    "70.22Z": ("Conseil", "Stratégie"),
    "71.12B": ("Ingénierie", "Bureau d'études"),
    "78.20Z": ("Intérim", "Emploi"),
    "81.21Z": ("Propreté", "Nettoyage"),
    "81.30Z": ("Paysages", "Jardins"),
    "85.53Z": ("Auto-école",),
    "86.21Z": ("Cabinet médical",),
    "86.23Z": ("Cabinet dentaire",),
    "86.90D": ("Cabinet infirmier",),
    "87.10A": ("EHPAD", "Résidence"),
    "88.10A": ("Aide à domicile", "Services à la personne"),
    "88.91A": ("Crèche", "Micro-crèche"),
    "96.02A": ("Coiffure", "Salon"),
    "96.02B": ("Institut", "Beauté"),
}
LEGAL_SUFFIXES: tuple[str, ...] = ("", "", " SARL", " SAS", " SASU", " et Fils", " EURL", " SA")

# Job titles by NAF division (the code's first two digits); GENERIC_JOBS as a fallback.
JOBS_BY_DIVISION: dict[str, tuple[str, ...]] = {
    "01": ("Ouvrier agricole", "Ouvrier viticole", "Tractoriste", "Chef de culture"),
    "10": ("Boulanger", "Pâtissier", "Vendeur en boulangerie", "Charcutier", "Apprenti boulanger"),
    "16": ("Menuisier", "Charpentier", "Conducteur de machines à bois"),
    "25": ("Mécanicien industriel", "Fraiseur", "Tourneur", "Technicien de maintenance"),
    "41": ("Maçon", "Chef de chantier", "Conducteur de travaux", "Manœuvre", "Grutier"),
    "43": (
        "Électricien",
        "Plombier-chauffagiste",
        "Peintre en bâtiment",
        "Couvreur",
        "Maçon",
        "Menuisier poseur",
        "Chef de chantier",
        "Manœuvre",
    ),
    "45": (
        "Mécanicien automobile",
        "Carrossier",
        "Réceptionnaire après-vente",
        "Vendeur automobile",
    ),
    "47": (
        "Employé de libre-service",
        "Caissier",
        "Vendeur",
        "Responsable de rayon",
        "Préparateur en pharmacie",
        "Fleuriste",
    ),
    "49": ("Chauffeur poids lourd", "Chauffeur-livreur", "Chauffeur de taxi", "Manutentionnaire"),
    "52": ("Chauffeur-livreur", "Agent d'exploitation", "Manutentionnaire", "Cariste"),
    "55": ("Réceptionniste", "Valet de chambre", "Gouvernante", "Cuisinier"),
    "56": (
        "Cuisinier",
        "Commis de cuisine",
        "Serveur",
        "Plongeur",
        "Barman",
        "Employé polyvalent de restauration",
    ),
    "62": ("Développeur", "Chef de projet informatique", "Technicien support"),
    "68": ("Négociateur immobilier", "Gestionnaire locatif", "Assistant commercial"),
    "69": ("Comptable", "Juriste", "Assistant juridique", "Collaborateur comptable"),
    "70": ("Consultant", "Assistant de direction", "Chargé d'études"),
    "71": ("Ingénieur d'études", "Technicien bureau d'études", "Dessinateur projeteur"),
    "78": ("Préparateur de commandes", "Cariste", "Conseiller en recrutement", "Manutentionnaire"),
    "81": ("Agent de propreté", "Chef d'équipe propreté", "Jardinier paysagiste", "Élagueur"),
    "85": ("Moniteur d'auto-école", "Secrétaire"),
    "86": ("Assistant dentaire", "Secrétaire médicale", "Infirmier", "Agent d'entretien"),
    "87": ("Aide-soignant", "Agent de service hospitalier", "Infirmier", "Cuisinier"),
    "88": (
        "Auxiliaire de vie",
        "Aide à domicile",
        "Auxiliaire de puériculture",
        "Éducateur de jeunes enfants",
    ),
    "96": ("Coiffeur", "Esthéticienne", "Apprenti coiffeur"),
}
GENERIC_JOBS: tuple[str, ...] = ("Employé administratif", "Agent d'entretien", "Secrétaire")

# Contracts and their weights (mostly permanent).
CONTRACTS: tuple[tuple[str, int], ...] = (
    ("CDI", 76),
    ("CDD", 12),
    ("INTERIM", 4),
    ("APPRENTI", 5),
    ("SAISONNIER", 3),
)
BRANCH_KINDS: tuple[str, ...] = ("Agence", "Établissement", "Atelier", "Dépôt", "Site")


def jobs_for(naf_code: str) -> tuple[str, ...]:
    return JOBS_BY_DIVISION.get(naf_code[:2], GENERIC_JOBS)
