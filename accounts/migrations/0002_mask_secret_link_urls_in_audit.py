"""Mask the secret links' tokens already written in clear into pghistory's context (its "url"),
before accounts.middleware.AuditContextMiddleware masked them: the database keeps only their
hash (spsti/secret_links.py). Plain SQL on the paths of the links of that time."""

from django.db import migrations

# (pattern, replacement) in PostgreSQL's regular expressions: the secret part of each link.
SECRET_PATHS = [
    (r"^(.*/adhesion/demande/)[^/]+", r"\1<secret>"),
    (r"^(.*/partenaires/reponse/)[^/]+", r"\1<secret>"),
    (r"^(.*/enquete-satisfaction/)[^/]+", r"\1<secret>"),
    (r"^(.*/comptes/confirm-email/)[^/]+", r"\1<secret>"),
    (r"^(.*/comptes/password/reset/key/[0-9A-Za-z]+-).+/$", r"\1<secret>/"),
]

MASK_SQL = [
    (
        "UPDATE pghistory_context SET metadata = jsonb_set(metadata, '{url}', "
        "to_jsonb(regexp_replace(metadata->>'url', %s, %s))) WHERE metadata->>'url' ~ %s",
        [pattern, replacement, pattern],
    )
    for pattern, replacement in SECRET_PATHS
]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("pghistory", "0007_auto_20250421_0444"),
    ]

    operations = [migrations.RunSQL(MASK_SQL, reverse_sql=migrations.RunSQL.noop)]
