"""The geometry of the server-side SVG charts (issue 16, item 4) and their French wording.

Pure arithmetic, standard library only: scales, ticks, the paths of a line chart (with gaps where a
month has no value), the bars of a bar chart, French numbers ("47,2 %", "12 345 €", the non-breaking
space before the unit and between thousands), and the one-line summary read by screen readers.
The same SVG is shown on the pages and in the WeasyPrint PDF report (no JavaScript).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
UNITS = {"percent": "%", "euros": "€", "days": "j", "count": ""}
UNIT_WORDS = {"percent": "pourcentage", "euros": "euros", "days": "jours", "count": "nombre"}
MONTHS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)
Number = Decimal | int | float
TARGET_ROOM = 104  # the right margin when a target's label ("Cible 60 000 €") is written there


def month_label(month: date) -> str:
    """date(2026, 1, 1) → "janv. 2026"."""
    return f"{MONTHS[month.month - 1]} {month.year}"


def format_number(value: Number | None, unit: str = "count", places: int | None = None) -> str:
    """French writing: 47.25 percent → "47,3 %", 12345 euros → "12 345 €" (non-breaking spaces),
    None → "–". Percentages and days keep one decimal when they have one, counts none, euros
    two when they have cents."""
    if value is None:
        return "–"
    number = Decimal(str(value))
    if places is None:
        if unit in ("percent", "days"):
            places = 0 if number == number.to_integral_value() else 1
        elif unit == "euros":
            places = 0 if number == number.to_integral_value() else 2
        else:
            places = 0 if number == number.to_integral_value() else 1
    quantum = Decimal(1).scaleb(-places)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, decimals = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + NBSP.join(groups) + ("," + decimals if decimals else "")
    symbol = UNITS.get(unit, "")
    return f"{text}{NBSP}{symbol}" if symbol else text


def nice_max(value: Number, unit: str = "count") -> Decimal:
    """The top of the y axis: the smallest 1, 2, 2.5 or 5 × 10^k at least `value` (never 0);
    a percentage stops at 100 when its values do, and nothing at all reads on 0-100 %.
    47.2 → 50; 0 → 1 (0 % → 100 %); 130 → 200."""
    value = Decimal(str(value))
    if value <= 0:
        return Decimal(100) if unit == "percent" else Decimal(1)
    exponent = math.floor(math.log10(value))
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        top = step * Decimal(10) ** exponent
        if top >= value:
            break
    if unit == "percent" and value <= 100 and top > 100:
        top = Decimal(100)
    return top.normalize() if top == top.to_integral_value() else top


def trend(values: Sequence[Number | None]) -> str:
    """ "en hausse", "en baisse" or "stable" over the values given (Nones skipped), from the
    least-squares slope: the change it makes over the period, compared with 2 % of the largest
    value (below: stable). "" with fewer than two values."""
    pairs = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if len(pairs) < 2:
        return ""
    n = len(pairs)
    mean_x = sum(x for x, _ in pairs) / n
    mean_y = sum(y for _, y in pairs) / n
    spread = sum((x - mean_x) ** 2 for x, _ in pairs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in pairs) / spread
    change = slope * (pairs[-1][0] - pairs[0][0])
    threshold = 0.02 * max(abs(y) for _, y in pairs)
    if abs(change) <= threshold:
        return "stable"
    return "en hausse" if change > 0 else "en baisse"


def _fmt(coordinate: float) -> str:
    """Coordinates with one decimal, no trailing zero: 12.0 → "12", 3.25 → "3.2"."""
    text = f"{coordinate:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class Frame:
    """The drawing area inside the SVG's viewBox (left margin for the y labels, bottom for x)."""

    width: int = 640
    height: int = 240
    left: int = 80  # room for "100 000 €"
    right: int = 36  # room for half the last month's label
    top: int = 16
    bottom: int = 36

    @property
    def plot_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> int:
        return self.height - self.top - self.bottom

    @property
    def baseline(self) -> int:
        return self.top + self.plot_height


@dataclass(frozen=True)
class LinePoint:
    x: str
    y: str | None  # None: no value this month (a gap)
    label: str
    value: Decimal | None
    text: str  # the value in French
    target: Decimal | None
    target_text: str
    show_label: bool  # the x label is written under this point


@dataclass(frozen=True)
class LineGeometry:
    frame: Frame
    top: Decimal  # the y axis' maximum
    top_text: str
    points: list[LinePoint]
    paths: list[str]  # one "M … L …" per run of consecutive values
    target_y: str | None  # a single target: its horizontal line
    target_paths: list[str]  # per-point targets: their dashed runs
    target_label_y: str | None  # where the target's label is written (right margin)


def _decimal(value: Number | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _runs(coordinates: list[tuple[str, str | None]]) -> list[str]:
    """SVG path data through the points, broken at every None; a lone point draws no line (its
    circle marks it)."""
    paths, run = [], []
    for x, y in [*coordinates, ("", None)]:
        if y is None:
            if len(run) > 1:
                paths.append("M" + " L".join(f"{px} {py}" for px, py in run))
            run = []
        else:
            run.append((x, y))
    return paths


def line_geometry(
    points: Sequence[tuple[str, Number | None]],
    unit: str = "count",
    target: Number | Sequence[Number | None] | None = None,
    frame: Frame | None = None,
) -> LineGeometry:
    """Where each point, the line and the target go. `target`: one value (a horizontal line) or
    one per point (a dashed line, with gaps). The default frame leaves room on the right for
    the target's label when there is a target."""
    values = [_decimal(v) for _, v in points]
    if isinstance(target, (list, tuple)):
        targets = [_decimal(t) for t in target] + [None] * (len(points) - len(target))
        targets = targets[: len(points)]
        single = None
    else:
        single = _decimal(target)
        targets = [single] * len(points)
    if frame is None:
        frame = Frame(right=TARGET_ROOM if any(t is not None for t in targets) else Frame.right)
    known = [v for v in values + targets if v is not None]
    top = nice_max(max([abs(v) for v in known], default=Decimal(0)), unit)
    step = frame.plot_width / max(len(points) - 1, 1)
    label_every = max(1, math.ceil(len(points) / 6))

    def y_of(value: Decimal | None) -> str | None:
        if value is None:
            return None
        share = float(max(value, Decimal(0)) / top)
        return _fmt(frame.baseline - share * frame.plot_height)

    placed = []
    for i, ((label, _), value, goal) in enumerate(zip(points, values, targets, strict=True)):
        x = frame.left + (step * i if len(points) > 1 else frame.plot_width / 2)
        placed.append(
            LinePoint(
                x=_fmt(x),
                y=y_of(value),
                label=label,
                value=value,
                text=format_number(value, unit),
                target=goal,
                target_text=format_number(goal, unit) if goal is not None else "",
                show_label=(len(points) - 1 - i) % label_every == 0,
            )
        )
    target_y = y_of(single)
    target_paths = [] if single is not None else _runs([(p.x, y_of(p.target)) for p in placed])
    last_target = next((p for p in reversed(placed) if p.target is not None), None)
    return LineGeometry(
        frame=frame,
        top=top,
        top_text=format_number(top, unit),
        points=placed,
        paths=_runs([(p.x, p.y) for p in placed]),
        target_y=target_y,
        target_paths=target_paths,
        target_label_y=y_of(last_target.target) if last_target else None,
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    text: str
    href: str | None
    y: str  # top of the bar
    text_y: str  # baseline of its label and value
    width: str
    value_x: str  # where the value is written (after the bar)


@dataclass(frozen=True)
class BarGeometry:
    width: int
    height: int
    label_width: int
    bar_height: int
    top: Decimal
    bars: list[Bar]


def bar_geometry(
    bars: Sequence[tuple[str, Number | None, str | None]],
    unit: str = "count",
    width: int = 640,
    label_width: int = 200,
    value_width: int = 80,
    bar_height: int = 20,
    gap: int = 10,
) -> BarGeometry:
    """Horizontal bars from a common origin, labels on the left, values after each bar."""
    values = [_decimal(v) for _, v, _ in bars]
    top = nice_max(max([abs(v) for v in values if v is not None], default=Decimal(0)), unit)
    room = width - label_width - value_width
    placed = []
    for i, ((label, _, href), value) in enumerate(zip(bars, values, strict=True)):
        y = gap + i * (bar_height + gap)
        length = 0.0 if value is None else float(max(value, Decimal(0)) / top) * room
        placed.append(
            Bar(
                label=label,
                value=value,
                text=format_number(value, unit),
                href=href or None,
                y=_fmt(y),
                text_y=_fmt(y + bar_height * 0.7),
                width=_fmt(length),
                value_x=_fmt(label_width + length + 6),
            )
        )
    height = gap + len(bars) * (bar_height + gap)
    return BarGeometry(width, max(height, 2 * gap), label_width, bar_height, top, placed)


def line_summary(
    points: Sequence[tuple[str, Number | None]],
    unit: str = "count",
    target: Number | Sequence[Number | None] | None = None,
) -> str:
    """The one-line French summary: "Dernier mois : 47,2 % ; cible 50 % ; tendance en hausse
    sur 12 mois"."""
    values = [_decimal(v) for _, v in points]
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if not known:
        return f"Aucune donnée sur {_months(len(points))}."
    index, last = known[-1]
    if index == len(points) - 1:
        parts = [f"Dernier mois : {format_number(last, unit)}"]
    else:
        parts = [f"Dernière valeur ({points[index][0]}) : {format_number(last, unit)}"]
    if isinstance(target, (list, tuple)):
        goal = _decimal(target[index]) if index < len(target) else None
    else:
        goal = _decimal(target)
    if goal is not None:
        parts.append(f"cible {format_number(goal, unit)}")
    direction = trend(values)
    if direction:
        parts.append(f"tendance {direction} sur {_months(len(points))}")
    return " ; ".join(parts)


def _months(count: int) -> str:
    return "1 mois" if count == 1 else f"{count} mois"


def bar_summary(bars: Sequence[tuple[str, Number | None, str | None]], unit: str = "count") -> str:
    """ "3 barres ; la plus haute : Centre Nord (120) ; la plus basse : Centre Sud (40)"."""
    known = [(label, _decimal(v)) for label, v, _ in bars if v is not None]
    if not known:
        return "Aucune donnée."
    count = "1 barre" if len(bars) == 1 else f"{len(bars)} barres"
    high = max(known, key=lambda pair: pair[1])
    low = min(known, key=lambda pair: pair[1])
    if len(known) == 1 or high[1] == low[1]:
        return f"{count} ; {high[0]} : {format_number(high[1], unit)}"
    return (
        f"{count} ; la plus haute : {high[0]} ({format_number(high[1], unit)}) ; "
        f"la plus basse : {low[0]} ({format_number(low[1], unit)})"
    )
