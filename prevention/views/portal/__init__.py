"""Portal views of prevention, one module per area."""
