"""The Django choices and the pure engine speak the same values."""

import pytest

from suivi_sante import enums
from suivi_sante.protocols.models import PHYSICIAN_ONLY
from suivi_sante.rules import delegation, kinds


@pytest.mark.parametrize(
    ("choices", "engine"),
    [
        (enums.FollowUpCategory, kinds.Category),
        (enums.VisitKind, kinds.VisitKind),
        (enums.Performer, kinds.Performer),
        (enums.AbsenceCause, kinds.AbsenceCause),
        (enums.SirRisk, kinds.SirRisk),
        (enums.AptitudeJob, kinds.AptitudeJob),
    ],
)
def test_choices_match_the_engine(choices, engine):
    assert set(choices.values) == {member.value for member in engine}


def test_contract_choices_match_the_engine():
    from suivi_sante.models import Employment

    assert set(Employment.Contract.values) == {member.value for member in kinds.Contract}


def test_the_database_constraint_forbids_the_engines_physician_only_kinds():
    assert set(PHYSICIAN_ONLY) == {str(kind) for kind in delegation.PHYSICIAN_ONLY_KINDS}
