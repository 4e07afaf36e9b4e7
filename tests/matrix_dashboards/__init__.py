"""Permission-matrix rows of the management dashboards (issue 16), one module per area."""
