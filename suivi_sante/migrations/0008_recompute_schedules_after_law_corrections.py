"""Stored schedules after the law corrections of issue 11.

The mid-career visit exists since 31 March 2022 (loi 2021-1018, L4624-2-2): a worker whose 45th
year ended before then owes none, so the MI_CARRIERE rows computed for a 45th birthday in 2021
or earlier are deleted at once (no stale "late" visit stays listed until the next run). Every
worker is then marked stale, so that the nightly recomputation (02:00, and the Sunday run for
everyone) applies the other corrections too: temporary workers' 2-year waivers (R4625-11,
R4625-13), seasonal workers (D4625-22), the end-of-exposure visit of R4624-23 II posts.
The schedule itself is not computed here: a migration must not run today's engine code.
"""

from django.db import migrations

# 31/12 of the 45th year before 31/03/2022 <=> 45th year <= 2021 <=> born in 1976 or before.
LAST_BIRTH_YEAR_WITHOUT_MID_CAREER = 1976


def forwards(apps, schema_editor):
    DueVisit = apps.get_model("suivi_sante", "DueVisit")
    Worker = apps.get_model("suivi_sante", "Worker")
    DueVisit.objects.filter(
        kind="MI_CARRIERE", worker__birth_date__year__lte=LAST_BIRTH_YEAR_WITHOUT_MID_CAREER
    ).delete()
    Worker.objects.filter(schedule_stale=False).update(schedule_stale=True)


class Migration(migrations.Migration):
    dependencies = [("suivi_sante", "0007_employment_effective_work_days_and_loads_over_55kg")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
