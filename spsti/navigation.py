"""The menus of both shells, as data: sections of (label, URL name, permission code).

A link shows only to whoever holds its code, and a test checks that each code is the one the
view's gate asks for, so a menu never leads to "Accès refusé".
"""

from __future__ import annotations

from spsti.menu_links import Link

PORTAL_NAV: list[tuple[str, list[Link]]] = [
    (
        "",
        [
            Link("Tableau de bord", "portal:dashboard"),
            Link(
                "Établissements",
                "portal:adherents:establishment-list",
                "adherents.establishment:view",
            ),
            Link("Contacts", "portal:adherents:joining-contact-list", "adherents.adherent:view"),
            Link("Votre service", "portal:adherents:service", "adherents.adherent:view"),
            Link("Portefeuille du cabinet", "portal:adherents:firms-portfolio", firm_only=True),
        ],
    ),
    (
        "Mon adhésion",
        [
            Link(
                "Déclaration des effectifs",
                "portal:adherents:workforce-declaration-list",
                "adherents.workforce:declare",
            ),
            Link("Factures", "portal:adherents:billing-invoice-list", "adherents.invoice:view"),
            Link(
                "Cabinet comptable",
                "portal:adherents:firms-mandate-list",
                "adherents.mandate:manage",
            ),
            Link("Accès à l'API", "portal:api:token-list", "api.token:manage"),
            Link("Mes demandes", "portal:adherents:requests-list", "adherents.request:view"),
            Link(
                "Rencontres employeurs",
                "portal:adherents:events-session-list",
                "adherents.meeting:register",
            ),
            Link(
                "Exporter mes données",
                "portal:adherents:imports-export",
                "adherents.export:download",
            ),
        ],
    ),
    (
        "Suivi des salariés",
        [
            Link("Salariés", "portal:suivi_sante:worker-list", "suivi_sante.worker:view"),
            Link("Visites à prévoir", "portal:suivi_sante:due-list", "suivi_sante.worker:view"),
            Link(
                "Convocations",
                "portal:suivi_sante:convocation-list",
                "suivi_sante.convocation:view",
            ),
            Link(
                "Réserver une visite",
                "portal:suivi_sante:booking-list",
                "suivi_sante.convocation:respond",
            ),
            Link(
                "Documents de suivi",
                "portal:suivi_sante:document-list",
                "suivi_sante.document:view",
            ),
            Link("Courriers de mesures", "portal:pdp:letter-list", "pdp.letter:view"),
        ],
    ),
    (
        "Mon offre indépendant",
        [
            Link("Mon espace", "portal:tns:space", "tns.space:view"),
            Link("Dépistage de l'épuisement", "portal:tns:screening-answer", "tns.space:view"),
            Link("Ateliers de codéveloppement", "portal:tns:workshop-list", "tns.space:view"),
        ],
    ),
    (
        "Prévention",
        [
            Link("Fiches d'entreprise", "portal:prevention:fiche-list", "prevention.fiche:view"),
            Link("DUERP", "portal:prevention:duerp-workspace", "prevention.duerp:view"),
            Link(
                "Produits chimiques", "portal:prevention:chemical-list", "prevention.chemical:view"
            ),
        ],
    ),
]

BACKOFFICE_NAV: list[tuple[str, list[Link]]] = [
    (
        "",
        [
            Link("Tableau de bord", "backoffice:dashboard"),
        ],
    ),
    (
        "Pilotage",
        [
            Link("Vue d'ensemble", "backoffice:dashboards:cockpit", "dashboards.kpi:view"),
            Link("CPOM", "backoffice:dashboards:cpom", "dashboards.kpi:view"),
            Link(
                "Prévision du temps médical",
                "backoffice:dashboards:forecast",
                "dashboards.forecast:view",
            ),
            Link("Rapports mensuels", "backoffice:dashboards:reports", "dashboards.kpi:export"),
            Link("Enquête annuelle DGT", "backoffice:dashboards:dgt", "dashboards.dgt:export"),
            Link(
                "Définitions des indicateurs",
                "backoffice:dashboards:catalogue",
                "dashboards.kpi:view",
            ),
            Link("Accès à l'API", "backoffice:api:staff-token-list", "dashboards.kpi:view"),
        ],
    ),
    (
        "Adhérents",
        [
            Link("Adhérents", "backoffice:adherents:adherent-list", "adherents.adherent:view"),
            Link(
                "Demandes d'adhésion",
                "backoffice:adherents:joining-application-list",
                "adherents.application:review",
            ),
            Link(
                "Trajectoire des adhérents",
                "backoffice:adherents:trajectory-board",
                "adherents.trajectory:view",
            ),
            Link(
                "Étapes en retard",
                "backoffice:adherents:trajectory-overdue",
                "adherents.trajectory:view",
            ),
            Link(
                "Demandes des adhérents",
                "backoffice:adherents:requests-inbox",
                "adherents.request:handle",
            ),
            Link(
                "Partenaires",
                "backoffice:adherents:requests-partner-list",
                "adherents.partner:manage",
            ),
            Link(
                "Rapport des demandes",
                "backoffice:adherents:requests-report",
                "adherents.report:view",
            ),
            Link(
                "Rencontres employeurs",
                "backoffice:adherents:events-meeting-list",
                "adherents.meeting:manage",
            ),
            Link(
                "Enquêtes de satisfaction",
                "backoffice:adherents:events-survey-list",
                ("adherents.survey:manage", "adherents.report:view"),
            ),
            Link(
                "Réclamations",
                "backoffice:adherents:events-complaint-list",
                "adherents.complaint:manage",
            ),
            Link(
                "Cabinets comptables",
                "backoffice:adherents:firms-firm-list",
                "adherents.adherent:manage",
            ),
            Link(
                "Déclarations d'effectifs",
                "backoffice:adherents:workforce-campaign-list",
                ("adherents.workforce:manage", "adherents.workforce:view"),
            ),
            Link("Imports", "backoffice:adherents:imports-job-list", "adherents.import:run"),
            Link(
                "Étapes de la trajectoire",
                "backoffice:adherents:trajectory-definition-list",
                "adherents.trajectory:manage",
            ),
        ],
    ),
    (
        "Facturation",
        [
            Link(
                "Factures", "backoffice:adherents:billing-invoice-list", "adherents.invoice:manage"
            ),
            Link(
                "Appel de cotisations",
                "backoffice:adherents:billing-batch",
                "adherents.invoice:manage",
            ),
            Link(
                "Relevés bancaires",
                "backoffice:adherents:billing-statement-list",
                "adherents.invoice:manage",
            ),
            Link("Tarifs", "backoffice:adherents:billing-tariff-list", "adherents.invoice:manage"),
        ],
    ),
    (
        "Suivi individuel",
        [
            Link("Salariés", "backoffice:suivi_sante:worker-list", "suivi_sante.worker:view"),
            Link(
                "Échéances en retard",
                "backoffice:suivi_sante:due-overdue",
                "suivi_sante.worker:view",
            ),
            Link("Agenda", "backoffice:suivi_sante:agenda", "suivi_sante.agenda:view"),
            Link(
                "À reprogrammer",
                "backoffice:suivi_sante:convocations-to-rebook",
                "suivi_sante.agenda:view",
            ),
            Link(
                "Indicateurs",
                "backoffice:suivi_sante:followup-indicators",
                "suivi_sante.agenda:view",
            ),
            Link("Protocoles", "backoffice:suivi_sante:protocol-list", "suivi_sante.protocol:view"),
            Link(
                "Expositions suggérées",
                "backoffice:suivi_sante:suggestion-list",
                "suivi_sante.category:override",
            ),
        ],
    ),
    (
        "Prévention",
        [
            Link(
                "Fiches d'entreprise", "backoffice:prevention:fiche-list", "prevention.fiche:view"
            ),
            Link(
                "Rendez-vous de la prévention",
                "backoffice:prevention:visit-list",
                "prevention.visit:view",
            ),
            Link(
                "DUERP des adhérents", "backoffice:prevention:duerp-list", "prevention.duerp:view"
            ),
            Link(
                "Actions en milieu de travail",
                "backoffice:prevention:action-list",
                "prevention.action:view",
            ),
            Link(
                "Alertes prévention primaire",
                "backoffice:prevention:action-indicators",
                "prevention.action:view",
            ),
            Link(
                "Produits chimiques",
                "backoffice:prevention:chemical-list",
                "prevention.chemical:view",
            ),
        ],
    ),
    (
        "Travailleurs indépendants",
        [
            Link("Affiliations", "backoffice:tns:affiliation-list", "tns.affiliation:view"),
            Link(
                "Propositions de contact",
                "backoffice:tns:proposal-list",
                "tns.screening:read",
            ),
            Link("VIP TNS", "backoffice:tns:vip-list", "tns.screening:write"),
            Link(
                "Ateliers de codéveloppement", "backoffice:tns:workshop-list", "tns.workshop:manage"
            ),
            Link("Indicateurs de l'offre", "backoffice:tns:indicators", "tns.report:view"),
        ],
    ),
    (
        "Qualité et certification",
        [
            Link(
                "Auto-évaluations",
                "backoffice:certification:campaign-list",
                "certification.quality:view",
            ),
            Link(
                "Non-conformités",
                "backoffice:certification:nc-list",
                "certification.quality:view",
            ),
            Link(
                "Mes actions correctives",
                "backoffice:certification:nc-my-actions",
                ("certification.quality:view", "certification.participant:access"),
            ),
            Link(
                "Audits",
                "backoffice:certification:audit-list",
                ("certification.quality:view", "certification.participant:access"),
            ),
            Link(
                "Documents maîtrisés",
                "backoffice:certification:document-list",
                "certification.quality:view",
            ),
            Link(
                "Cartographie des processus",
                "backoffice:certification:process-list",
                ("certification.quality:view", "certification.participant:access"),
            ),
            Link(
                "Revues de direction",
                "backoffice:certification:review-list",
                "certification.quality:view",
            ),
            Link(
                "Référentiel",
                "backoffice:certification:referential-list",
                "certification.quality:view",
            ),
            Link(
                "Dossier d'audit (ZIP)",
                "backoffice:certification:audit-pack",
                "certification.quality:view",
            ),
        ],
    ),
    (
        "Cellule PDP",
        [
            Link("Dossiers PDP", "backoffice:pdp:case-list", "pdp.case:read"),
            Link(
                "Revues de cellule",
                "backoffice:pdp:review-list",
                "pdp.case:write",
                condition="pdp.cell_member",
            ),
            Link(
                "Charge de la cellule",
                "backoffice:pdp:caseload",
                "pdp.case:write",
                condition="pdp.cell_member",
            ),
            Link(
                "Sensibilisations PDP",
                "backoffice:pdp:awareness-list",
                "pdp.case:write",
                condition="pdp.cell_member",
            ),
            Link(
                "Membres de la cellule",
                "backoffice:pdp:cell-members",
                ("pdp.case:write", "pdp.cell:manage"),
            ),
        ],
    ),
]
