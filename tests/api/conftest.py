"""The dashboards' test catalogue and its hand-set figures, for the indicators endpoint's tests
(tests/api/test_indicators.py reads the same figures as the screens' tests)."""

from tests.dashboards.conftest import (  # noqa: F401 - fixtures shared with tests/dashboards
    figures,
    figures_today,
    test_indicators,
)
