"""Permission-matrix rows of the self-employed offer (tns)."""
