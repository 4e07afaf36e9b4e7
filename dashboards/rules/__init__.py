"""Pure arithmetic of the dashboards (periods, aggregation, forecast): no Django import."""
