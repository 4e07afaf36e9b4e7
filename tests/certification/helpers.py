"""Small helpers of the certification tests: contexts and a loaded referential."""

from accounts.context import build_context
from tests.certification.factories import ChapterFactory, CriterionFactory, ReferentialFactory


def ctx_of(user):
    return build_context(user, {}, mfa_passed=True)


def small_referential():
    """Two chapters, four criteria: levels 1, 1, 2, 3."""
    referential = ReferentialFactory()
    means = ChapterFactory(referential=referential, code="4.1", title="RH", position=1)
    missions = ChapterFactory(referential=referential, code="5.3", title="Suivi", position=2)
    for chapter, level in ((means, 1), (means, 1), (missions, 2), (missions, 3)):
        CriterionFactory(referential=referential, chapter=chapter, level=level)
    return referential
