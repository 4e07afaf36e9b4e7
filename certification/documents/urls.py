portal_patterns: list = []
public_patterns: list = []
backoffice_patterns: list = []
