"""Sources of the indicators of suivi (see selectors_sources for the contract): id -> (compute,
drill)."""

SOURCES: dict = {}
