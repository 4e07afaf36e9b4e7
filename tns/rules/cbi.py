"""The Copenhagen Burnout Inventory (CBI) as data, and its scoring.

Source: T. S. Kristensen, M. Borritz, E. Villadsen, K. B. Christensen, « The Copenhagen Burnout
Inventory: a new tool for the assessment of burnout », Work & Stress 2005;19(3):192-207, appendix.
Free to use, unlike the Maslach MBI; licence described as free by secondary sources (TO VERIFY in
the primary terms). French wording: our translation, TO VERIFY against a validated one (INRS sheet
FRPS 38 reviews the tool).

Three scales scored separately (no official total): personal (6 items), work-related (7 items),
client-related (6 items, asked only of those who serve clients). Every answer is a position on a
five-point scale, 0 = « always » / « to a very high degree » … 4 = « never or almost never » / « to
a very low degree », scored 100, 75, 50, 25, 0; the work scale's 7th item (« enough energy for
family and friends during leisure time ») is reverse-scored 0, 25, 50, 75, 100. A scale's score is
the mean of its answered items (0-100).

Missing answers: the original rule is believed to be « fewer than 3 answered = non-responder »
(TO VERIFY); until confirmed, ``DEFAULT_MIN_ANSWERED`` is None = every item of the scale must be
answered, otherwise the scale has no score.

Thresholds: none validated in the 2005 paper. Defaults, as parameters (TO VERIFY with the CMT):
< 50 low, 50-74 moderate, 75-99 high, 100 severe; a proposal of contact is triggered at ≥ 50 on
the work-related scale. A score is never a diagnosis.
"""

import enum
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SOURCE = "Kristensen et al., Work & Stress 2005;19:192-207 (Copenhagen Burnout Inventory)"

POINTS = (100, 75, 50, 25, 0)  # position 0 … 4 on the five-point scale
POSITIONS = range(len(POINTS))


class Scale(enum.StrEnum):
    PERSONAL = "personal"
    WORK = "work"
    CLIENT = "client"


class AnswerSet(enum.StrEnum):
    FREQUENCY = "frequency"
    DEGREE = "degree"


ANSWER_LABELS: dict[AnswerSet, tuple[str, ...]] = {
    AnswerSet.FREQUENCY: ("Toujours", "Souvent", "Parfois", "Rarement", "Jamais ou presque jamais"),
    AnswerSet.DEGREE: (
        "Dans une très large mesure",
        "Dans une large mesure",
        "En partie",
        "Dans une faible mesure",
        "Dans une très faible mesure",
    ),
}

SCALE_LABELS: dict[Scale, str] = {
    Scale.PERSONAL: "Épuisement personnel",
    Scale.WORK: "Épuisement lié au travail",
    Scale.CLIENT: "Épuisement lié aux clients",
}


@dataclass(frozen=True)
class Item:
    scale: Scale
    number: int  # 1-based position within its scale, as in the 2005 appendix
    text: str  # French wording, TO VERIFY (validated translation)
    answers: AnswerSet
    reversed: bool = False

    @property
    def key(self) -> str:
        return f"{self.scale.value}_{self.number}"

    def points(self, position: int) -> int:
        """The item's score for an answer at ``position`` (0 … 4)."""
        value = POINTS[position]
        return 100 - value if self.reversed else value


_F, _D = AnswerSet.FREQUENCY, AnswerSet.DEGREE

ITEMS: tuple[Item, ...] = (
    Item(Scale.PERSONAL, 1, "À quelle fréquence vous sentez-vous fatigué(e) ?", _F),
    Item(Scale.PERSONAL, 2, "À quelle fréquence êtes-vous physiquement épuisé(e) ?", _F),
    Item(Scale.PERSONAL, 3, "À quelle fréquence êtes-vous émotionnellement épuisé(e) ?", _F),
    Item(Scale.PERSONAL, 4, "À quelle fréquence pensez-vous : « Je n'en peux plus » ?", _F),
    Item(Scale.PERSONAL, 5, "À quelle fréquence vous sentez-vous à bout ?", _F),
    Item(
        Scale.PERSONAL,
        6,
        "À quelle fréquence vous sentez-vous faible et vulnérable à la maladie ?",
        _F,
    ),
    Item(Scale.WORK, 1, "Votre travail est-il émotionnellement épuisant ?", _D),
    Item(Scale.WORK, 2, "Vous sentez-vous à bout à cause de votre travail ?", _D),
    Item(Scale.WORK, 3, "Votre travail vous frustre-t-il ?", _D),
    Item(Scale.WORK, 4, "Vous sentez-vous à bout à la fin de la journée de travail ?", _F),
    Item(
        Scale.WORK,
        5,
        "Êtes-vous épuisé(e) le matin à l'idée d'une nouvelle journée de travail ?",
        _F,
    ),
    Item(Scale.WORK, 6, "Avez-vous le sentiment que chaque heure de travail est fatigante ?", _F),
    Item(
        Scale.WORK,
        7,
        "Avez-vous assez d'énergie pour votre famille et vos amis pendant vos loisirs ?",
        _F,
        reversed=True,
    ),
    Item(Scale.CLIENT, 1, "Trouvez-vous difficile de travailler avec vos clients ?", _D),
    Item(Scale.CLIENT, 2, "Trouvez-vous frustrant de travailler avec vos clients ?", _D),
    Item(Scale.CLIENT, 3, "Travailler avec vos clients vous vide-t-il de votre énergie ?", _D),
    Item(
        Scale.CLIENT,
        4,
        "Avez-vous le sentiment de donner plus que vous ne recevez en travaillant avec vos "
        "clients ?",
        _D,
    ),
    Item(Scale.CLIENT, 5, "Êtes-vous las(se) de travailler avec vos clients ?", _F),
    Item(
        Scale.CLIENT,
        6,
        "Vous demandez-vous parfois combien de temps vous pourrez continuer à travailler avec "
        "vos clients ?",
        _F,
    ),
)


def items_of(scale: Scale) -> tuple[Item, ...]:
    return tuple(item for item in ITEMS if item.scale is scale)


ITEM_COUNT: dict[Scale, int] = {scale: len(items_of(scale)) for scale in Scale}


class Level(enum.StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    SEVERE = "severe"


LEVEL_LABELS: dict[Level, str] = {
    Level.LOW: "faible",
    Level.MODERATE: "modéré",
    Level.HIGH: "élevé",
    Level.SEVERE: "sévère",
}


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs as settings (none validated in the 2005 paper: TO VERIFY with the CMT)."""

    moderate: Decimal = Decimal(50)
    high: Decimal = Decimal(75)
    severe: Decimal = Decimal(100)
    trigger_scale: Scale = Scale.WORK
    trigger: Decimal = Decimal(50)
    min_answered: int | None = None  # None: every item of the scale (TO VERIFY: 3?)

    def level(self, score: Decimal) -> Level:
        if score >= self.severe:
            return Level.SEVERE
        if score >= self.high:
            return Level.HIGH
        if score >= self.moderate:
            return Level.MODERATE
        return Level.LOW


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class ScaleResult:
    scale: Scale
    score: Decimal | None  # None: too few answers to score (non-responder)
    level: Level | None
    answered: int
    items: int


@dataclass(frozen=True)
class Result:
    scales: dict[Scale, ScaleResult | None]  # None: the scale was not asked (client)
    trigger: bool


def score_scale(
    scale: Scale, answers: list[int | None], thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> ScaleResult:
    """Mean of the answered items' points, rounded to 0.01 (half up).

    ``answers`` has one entry per item of the scale, each a position 0 … 4 or None.
    """
    items = items_of(scale)
    if len(answers) != len(items):
        raise ValueError(f"{scale.value}: {len(items)} answers expected, got {len(answers)}")
    points = [item.points(a) for item, a in zip(items, answers, strict=True) if a is not None]
    needed = len(items) if thresholds.min_answered is None else thresholds.min_answered
    if not points or len(points) < needed:
        return ScaleResult(scale, None, None, len(points), len(items))
    score = (Decimal(sum(points)) / Decimal(len(points))).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return ScaleResult(scale, score, thresholds.level(score), len(points), len(items))


def score(
    answers: dict[Scale, list[int | None] | None], thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> Result:
    """Every asked scale scored; ``trigger`` when the trigger scale reaches the trigger score."""
    scales: dict[Scale, ScaleResult | None] = {}
    for scale in Scale:
        given = answers.get(scale)
        scales[scale] = None if given is None else score_scale(scale, given, thresholds)
    watched = scales.get(thresholds.trigger_scale)
    trigger = bool(watched and watched.score is not None and watched.score >= thresholds.trigger)
    return Result(scales=scales, trigger=trigger)
