"""Matrix rows of pdp, one module per area."""
