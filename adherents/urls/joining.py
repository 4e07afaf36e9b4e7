"""URLs of one area of the membership app; names prefixed by the area (namespace adherents)."""

public_patterns: list = []  # mounted at the site root, namespace "public"
portal_patterns: list = []  # under /espace-adherent/, namespace "portal:adherents"
backoffice_patterns: list = []  # under /back-office/, namespace "backoffice:adherents"
