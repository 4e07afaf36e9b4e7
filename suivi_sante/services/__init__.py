"""Writes of individual follow-up, one module per area (workers, schedule, agenda, dmst…)."""
