"""Chemical products: CMR hazard statements and the age of the safety data sheet."""

from datetime import date

from prevention.rules.dates import add_years

# CLP hazard statements of CMR categories 1A/1B (carcinogenic H350, mutagenic H340, toxic for
# reproduction H360 and its variants); category 2 (H341, H351, H361) is "suspected", not CMR.
CMR_STATEMENTS = frozenset(
    {"H340", "H350", "H350i", "H360", "H360F", "H360D", "H360FD", "H360Fd", "H360Df"}
)


def normalise_statement(code: str) -> str:
    """ "h350 i" -> "H350i": upper-case H, digits, then the letters as the CLP writes them."""
    compact = code.replace(" ", "")
    suffix = compact[4:]
    if (
        len(compact) < 4
        or compact[0] not in "hH"
        or not (compact[1:4].isascii() and compact[1:4].isdigit())
        or len(suffix) > 2
        or not suffix.isalpha()
        and suffix
    ):
        raise ValueError(
            f"Mention de danger invalide : « {code} » (attendu : H suivi de 3 chiffres)."
        )
    return "H" + compact[1:4] + compact[4:]


def is_cmr(statements: list[str]) -> bool:
    """Whether the product carries a CMR 1A/1B statement (Code du travail R4412-60)."""
    return any(s in CMR_STATEMENTS for s in statements)


def sds_outdated(sds_date: date | None, today: date, *, max_age_years: int) -> bool:
    """A missing FDS, or one older than `max_age_years`, is flagged for renewal."""
    return sds_date is None or add_years(sds_date, max_age_years) < today
