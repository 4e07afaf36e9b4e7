"""Pure rules of the individual follow-up (standard library only, no Django).

``schedule.compute_schedule`` gives a worker's category and visits due; ``python -m
suivi_sante.rules`` offers it as a JSON command (see ``contract``).
"""
