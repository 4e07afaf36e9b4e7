from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied

from accounts.context import build_context
from certification.data.spec2217 import CHAPTERS, SKELETON_VERSION
from certification.errors import CertificationError
from certification.models import Criterion, Referential, ReferentialImport
from certification.referential import services
from tests import documents

GOOD = (
    "chapitre;code;libelle;niveau;titre_chapitre\n"
    "4.1;RH-01;Les compétences sont tracées.;1;\n"
    "5.3;SIS-01;Les visites sont faites dans les délais.;2;\n"
    "7;X-01;Un chapitre nouveau.;3;Amélioration continue\n"
).encode()


def ctx_of(user):
    return build_context(user, {}, mfa_passed=True)


@pytest.mark.django_db
def test_the_skeleton_ships_with_every_spec_2217_chapter():
    skeleton = Referential.objects.get(version=SKELETON_VERSION)
    assert [c.code for c in skeleton.chapters.all()] == [code for code, _ in CHAPTERS]


@pytest.mark.django_db
def test_a_dry_run_writes_no_criterion_then_the_load_creates_the_version(quality):
    actor = ctx_of(quality.actors["quality"])
    job = services.check_referential_file(
        actor=actor, version="V1", published_on=None, filename="ref.csv", content=GOOD
    )
    assert job.status == ReferentialImport.Status.CHECKED
    assert job.report["new"] == 3
    assert job.content.name.startswith("certification/referential_import/")
    assert job.content.name.endswith(".csv")
    assert documents.read(job.content, job.content_sha256) == GOOD
    assert job.report["by_level"] == {"1": 1, "2": 1, "3": 1}
    assert not Referential.objects.filter(version="V1").exists()
    referential = services.load_referential(actor=actor, job=job)
    assert referential.criteria.count() == 3
    assert referential.chapters.get(code="7").title == "Amélioration continue"
    assert referential.chapters.get(code="4.1").title == "Ressources humaines et compétences"


@pytest.mark.django_db
def test_bad_lines_are_reported_in_french_and_the_file_cannot_be_loaded(quality):
    actor = ctx_of(quality.actors["quality"])
    content = b"chapitre;code;libelle;niveau\n4.1;A;Texte;4\n9;B;Texte;1\n4.1;A;Encore;1\n"
    job = services.check_referential_file(
        actor=actor, version="V2", published_on=None, filename="ref.csv", content=content
    )
    assert job.status == ReferentialImport.Status.REJECTED
    assert job.report["errors"][0] == {
        "line": 4,
        "column": "code",
        "message": "déjà présent ligne 2.",
    }
    content = b"chapitre;code;libelle;niveau\n4.1;A;Texte;4\n9;B;Texte;1\n"
    job = services.check_referential_file(
        actor=actor, version="V3", published_on=None, filename="ref.csv", content=content
    )
    messages = {(e["line"], e["message"]) for e in job.report["errors"]}
    assert (2, "le niveau doit valoir 1, 2 ou 3.") in messages
    assert any(line == 3 and "titre_chapitre" in m for line, m in messages)
    with pytest.raises(CertificationError):
        services.load_referential(actor=actor, job=job)
    assert not Criterion.objects.filter(referential__version="V3").exists()


@pytest.mark.django_db
def test_missing_columns_and_foreign_formats_are_refused(quality):
    actor = ctx_of(quality.actors["quality"])
    with pytest.raises(CertificationError, match="Colonnes obligatoires absentes : niveau"):
        services.check_referential_file(
            actor=actor,
            version="V4",
            published_on=None,
            filename="r.csv",
            content=b"chapitre;code;libelle\n1;A;B\n",
        )
    with pytest.raises(CertificationError, match="CSV ou XLSX"):
        services.check_referential_file(
            actor=actor, version="V4", published_on=None, filename="r.pdf", content=b"%PDF"
        )


@pytest.mark.django_db
def test_only_the_quality_manager_loads_a_referential(quality):
    with pytest.raises(PermissionDenied):
        services.check_referential_file(
            actor=ctx_of(quality.actors["direction"]),
            version="V5",
            published_on=None,
            filename="r.csv",
            content=GOOD,
        )


@pytest.mark.django_db
def test_an_xlsx_file_loads_as_well(quality):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Chapitre", "Code", "Libellé", "Niveau"])
    sheet.append(["4.1", "RH-01", "Les compétences sont tracées.", 2])
    sheet.append([5.3, "SIS-01", "Délais tenus.", "N3"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    actor = ctx_of(quality.actors["quality"])
    job = services.check_referential_file(
        actor=actor,
        version="VX",
        published_on=None,
        filename="ref.xlsx",
        content=buffer.getvalue(),
    )
    assert job.report["errors"] == []
    referential = services.load_referential(actor=actor, job=job)
    criteria = {c.code: c for c in referential.criteria.select_related("chapter")}
    assert criteria["RH-01"].text == "Les compétences sont tracées."
    assert (criteria["SIS-01"].chapter.code, criteria["SIS-01"].level) == ("5.3", 3)


@pytest.mark.django_db
def test_nul_bytes_of_a_csv_are_dropped(quality):
    actor = ctx_of(quality.actors["quality"])
    job = services.check_referential_file(
        actor=actor,
        version="VN",
        published_on=None,
        filename="ref.csv",
        content=b"chapitre;code;libelle;niveau\n4.1;A\x00;Texte\x00 nul;1\n",
    )
    referential = services.load_referential(actor=actor, job=job)
    assert referential.criteria.get().text == "Texte nul"


@pytest.mark.django_db
def test_a_checked_file_altered_in_the_storage_is_not_loaded(quality):
    actor = ctx_of(quality.actors["quality"])
    job = services.check_referential_file(
        actor=actor, version="V9", published_on=None, filename="ref.csv", content=GOOD
    )
    path = Path(settings.STORAGES["documents"]["OPTIONS"]["location"]) / job.content.name
    path.write_bytes(GOOD + b"4.1;RH-99;Ajout apres la simulation.;1\n")
    with pytest.raises(CertificationError, match="relancez une simulation"):
        services.load_referential(actor=actor, job=job)
    assert not Referential.objects.filter(version="V9").exists()
    job.refresh_from_db()
    assert job.status == ReferentialImport.Status.CHECKED
