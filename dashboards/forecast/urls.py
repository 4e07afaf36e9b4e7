public_patterns: list = []
portal_patterns: list = []
backoffice_patterns: list = []
