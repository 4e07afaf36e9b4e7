"""A selection of real NAF rev. 2 codes (INSEE nomenclature, 2008) with their official labels.

Used by the demo and benchmark datasets (`manage.py seed_demo`); not the full nomenclature.
Codes are stored as printed by INSEE: two digits, a dot, two digits, a letter ("43.21A").
"""

NAF_CODES: tuple[tuple[str, str], ...] = (
    (
        "01.11Z",
        "Culture de céréales (à l'exception du riz), de légumineuses et de graines oléagineuses",
    ),
    ("01.21Z", "Culture de la vigne"),
    ("10.13B", "Charcuterie"),
    ("10.71C", "Boulangerie et boulangerie-pâtisserie"),
    ("10.71D", "Pâtisserie"),
    ("16.23Z", "Fabrication de charpentes et d'autres menuiseries"),
    ("25.62B", "Mécanique industrielle"),
    ("41.20A", "Construction de maisons individuelles"),
    ("41.20B", "Construction d'autres bâtiments"),
    ("43.21A", "Travaux d'installation électrique dans tous locaux"),
    ("43.22A", "Travaux d'installation d'eau et de gaz en tous locaux"),
    ("43.22B", "Travaux d'installation d'équipements thermiques et de climatisation"),
    ("43.32A", "Travaux de menuiserie bois et PVC"),
    ("43.34Z", "Travaux de peinture et vitrerie"),
    ("43.91B", "Travaux de couverture par éléments"),
    ("43.99C", "Travaux de maçonnerie générale et gros œuvre de bâtiment"),
    ("45.11Z", "Commerce de voitures et de véhicules automobiles légers"),
    ("45.20A", "Entretien et réparation de véhicules automobiles légers"),
    ("47.11B", "Commerce d'alimentation générale"),
    ("47.11D", "Supermarchés"),
    ("47.71Z", "Commerce de détail d'habillement en magasin spécialisé"),
    ("47.73Z", "Commerce de détail de produits pharmaceutiques en magasin spécialisé"),
    (
        "47.76Z",
        "Commerce de détail de fleurs, plantes, graines, engrais, animaux de compagnie "
        "et aliments pour ces animaux",
    ),
    ("49.32Z", "Transports de voyageurs par taxis"),
    ("49.41A", "Transports routiers de fret interurbains"),
    ("49.41B", "Transports routiers de fret de proximité"),
    ("52.29A", "Messagerie, fret express"),
    ("55.10Z", "Hôtels et hébergement similaire"),
    ("56.10A", "Restauration traditionnelle"),
    ("56.10C", "Restauration de type rapide"),
    ("56.30Z", "Débits de boissons"),
    ("62.01Z", "Programmation informatique"),
    ("62.02A", "Conseil en systèmes et logiciels informatiques"),
    ("68.31Z", "Agences immobilières"),
    ("69.10Z", "Activités juridiques"),
    ("69.20Z", "Activités comptables"),
    ("70.22Z", "Conseil pour les affaires et autres conseils de gestion"),
    ("71.12B", "Ingénierie, études techniques"),
    ("78.20Z", "Activités des agences de travail temporaire"),
    ("81.21Z", "Nettoyage courant des bâtiments"),
    ("81.30Z", "Services d'aménagement paysager"),
    ("85.53Z", "Enseignement de la conduite"),
    ("86.21Z", "Activité des médecins généralistes"),
    ("86.23Z", "Pratique dentaire"),
    ("86.90D", "Activités des infirmiers et des sages-femmes"),
    ("87.10A", "Hébergement médicalisé pour personnes âgées"),
    ("88.10A", "Aide à domicile"),
    ("88.91A", "Accueil de jeunes enfants"),
    ("96.02A", "Coiffure"),
    ("96.02B", "Soins de beauté"),
)

NAF_LABELS: dict[str, str] = dict(NAF_CODES)
