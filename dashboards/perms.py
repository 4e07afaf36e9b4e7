"""Who may read the management figures (codes granted in accounts.roles)."""

KPI_VIEW = "dashboards.kpi:view"
KPI_EXPORT = "dashboards.kpi:export"
TARGET_MANAGE = "dashboards.target:manage"
DGT_EXPORT = "dashboards.dgt:export"
FORECAST_VIEW = "dashboards.forecast:view"
