"""Hypothesis profile of the fuzz suite: derandomized so CI is steady, few examples per target
(there are hundreds of targets: pages x actors x forms), no per-example deadline (real
PostgreSQL, WeasyPrint)."""

from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "fuzz",
    max_examples=4,
    # No shrinking: a failing example is reported as drawn (shrinking replays hundreds of
    # requests); the message names the page, the actor and the values.
    phases=[Phase.explicit, Phase.generate],
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
