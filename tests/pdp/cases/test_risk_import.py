import pytest
from django.core.management import CommandError, call_command

from tests.pdp.factories import PdpCaseFactory


@pytest.mark.django_db
def test_levels_are_imported_as_given_all_or_nothing(world, tmp_path):
    world.worker.nir = "185067512345678"
    world.worker.save()
    case = PdpCaseFactory(worker=world.worker)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "nir;level;method;version\n185067512345678;high;IRDP;1.0\n999;high;IRDP;1.0\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Ligne 3"):
        call_command("import_pdp_risk_levels", world.center.pk, bad)
    case.refresh_from_db()
    assert case.risk_level == ""
    good = tmp_path / "good.csv"
    good.write_text("nir;level;method;version\n185067512345678;high;IRDP;1.0\n", encoding="utf-8")
    call_command("import_pdp_risk_levels", world.center.pk, good)
    case.refresh_from_db()
    assert (case.risk_level, case.risk_method, case.risk_method_version) == ("high", "IRDP", "1.0")
