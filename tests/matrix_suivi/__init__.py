"""Matrix rows of suivi_sante, one module per area."""
