"""The charts area: server-side SVG charts (issue 16, item 4).

The tags are `dashboards.templatetags.dashboards_charts` (`{% line_chart %}`, `{% bar_chart %}`),
their geometry `dashboards.rules.charts`, their templates `templates/dashboards/charts/`. No
JavaScript: the same SVG shows on the pages and in the PDF report.
"""
