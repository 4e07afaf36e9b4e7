"""Sources of the indicators of offers (see selectors_sources for the contract): id -> (compute,
drill)."""

SOURCES: dict = {}
