"""Back-office views of prevention, one module per area."""
