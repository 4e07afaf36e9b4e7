"""Sources of the indicators of members (see selectors_sources for the contract): id -> (compute,
drill)."""

SOURCES: dict = {}
