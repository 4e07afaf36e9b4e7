"""Matrix rows of prevention, one module per area."""
