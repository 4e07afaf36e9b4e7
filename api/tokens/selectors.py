"""The token of a call: its row, its creator and its creator's live grant, in one constant SQL
statement.

The statement says exactly what services.with_grant() says through the ORM (the member's name
and end of membership;
`grant_role`, the creator's active role in the member; `grant_scopes`, the scopes of the firm's
mandate in force today, the creator being an active collaborator of the firm: the rule of
adherents.members.selectors.grant_subqueries, the screens' portal choices). It is written out
because every API call resolves its token: built and compiled by the ORM, the same query costs
about 2 ms of Python per call (a third of a 200-row page's time), run as text about 0.3 ms.
tests/api/tokens/test_token_lookup.py holds the two to the same answer for every kind of grant
(role active or not, mandate started, ended, revoked, collaborator active or not), so that the
rule cannot drift from the screens' without a test failing.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from accounts.models import User
from adherents.models import (
    AccountingFirmMandate,
    AccountingFirmMember,
    Adherent,
    AdherentMembership,
)
from api.models import ApiToken
from spsti.prepared import columns, prepared_cursor

TOKEN_FIELDS = [f.attname for f in ApiToken._meta.concrete_fields]
USER_FIELDS = [f.attname for f in User._meta.concrete_fields]


# Composed once from the models' own table and column names: a constant, no input (the values are
# parameters).
TOKEN_SQL = f"""
SELECT {columns("t", ApiToken)},
       a."name", a."ended_on",
       (SELECT m."role" FROM "{AdherentMembership._meta.db_table}" m
         WHERE m."user_id" = t."user_id" AND m."adherent_id" = t."adherent_id" AND m."is_active"
         LIMIT 1),
       (SELECT d."scopes" FROM "{AccountingFirmMandate._meta.db_table}" d
          JOIN "{AccountingFirmMember._meta.db_table}" f ON f."firm_id" = d."firm_id"
         WHERE d."firm_id" = t."firm_id" AND d."adherent_id" = t."adherent_id"
           AND f."user_id" = t."user_id" AND f."is_active"
           AND d."valid_from" <= %(today)s
           AND (d."valid_until" IS NULL OR d."valid_until" >= %(today)s)
           AND d."revoked_at" IS NULL
         ORDER BY d."id" LIMIT 1),
       {columns("u", User)}
  FROM "{ApiToken._meta.db_table}" t
  JOIN "{User._meta.db_table}" u ON u."id" = t."user_id"
  LEFT JOIN "{Adherent._meta.db_table}" a ON a."id" = t."adherent_id"
 WHERE t."secret_hash" = %(hash)s AND t."revoked_at" IS NULL AND t."expires_at" > %(now)s
"""  # noqa: S608 - column names from the models' metadata, values as parameters


def live_token(secret_hash: str) -> ApiToken | None:
    """The unexpired, unrevoked token of this hash, with `user`, `adherent_name`,
    `adherent_ended_on`, `grant_role` and `grant_scopes` set as services.with_grant() sets them;
    None if there is none."""
    now = timezone.now()
    with prepared_cursor() as cursor:  # planned once per connection, not on every call
        cursor.execute(
            TOKEN_SQL, {"hash": secret_hash, "now": now, "today": timezone.localdate(now)}
        )
        row = cursor.fetchone()
    if row is None:
        return None
    count = len(TOKEN_FIELDS)
    token = ApiToken.from_db(connection.alias, TOKEN_FIELDS, row[:count])
    (
        token.adherent_name,
        token.adherent_ended_on,
        token.grant_role,
        token.grant_scopes,
    ) = row[count : count + 4]
    token.user = User.from_db(connection.alias, USER_FIELDS, row[count + 4 :])
    return token
