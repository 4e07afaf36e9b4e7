"""Accessibility checks for Playwright pages: axe-core (vendored, test-only) and screenshots.

`check_page(page, name)` runs axe-core's WCAG 2.0/2.1 A and AA rules on the page as it stands,
takes full-page screenshots at 390, 768 and 1280 px wide, and fails with the list of violations
(rule, impact, elements, help). Screenshots go to $SPSTI_SCREENSHOTS when it is set, otherwise
into the folder the caller gives (a pytest tmp dir); they are never committed.

axe is evaluated through the DevTools protocol rather than as a <script> tag: our
Content-Security-Policy refuses inline scripts, and the pages are checked under their real CSP.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import BrowserContext, Page

AXE_VERSION = "4.14.1"
AXE_JS = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (390, 768, 1280)
HEIGHT = 900


class AccessibilityError(AssertionError):
    pass


def screenshots_folder(default: Path | None = None) -> Path | None:
    """$SPSTI_SCREENSHOTS, else `default` (None: no screenshots)."""
    folder = os.environ.get("SPSTI_SCREENSHOTS")
    path = Path(folder) if folder else default
    if path is not None:
        path.mkdir(parents=True, exist_ok=True)
    return path


def preload_axe(context: BrowserContext) -> None:
    """Load axe into every page the context opens (faster than evaluating it page by page)."""
    context.add_init_script(path=AXE_JS)


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG A/AA violations on the page as it stands."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return results["violations"]


def describe(violations: list[dict], *, width: int | None = None) -> list[str]:
    """One readable line per rule, then its elements (at most five) and what fails."""
    lines = []
    for v in violations:
        at = f" @{width}px" if width else ""
        lines.append(f"- {v['id']} ({v.get('impact')}){at}: {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))} :: {summary[:300]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return lines


def slug(name: str) -> str:
    return re.sub(r"[^a-zA-Z0-9_-]+", "-", name).strip("-") or "page"


def check_page(
    page: Page,
    name: str,
    *,
    screenshots: Path | None = None,
    widths: tuple[int, ...] = WIDTHS,
    axe_widths: tuple[int, ...] | None = None,
    raise_on_violation: bool = True,
) -> list[str]:
    """Screenshot the page at each width and run axe at each of `axe_widths` (default: all);
    fail (or return the report lines when raise_on_violation is False) if any WCAG A/AA rule
    is violated."""
    folder = screenshots_folder(screenshots)
    original = page.viewport_size
    report: list[str] = []
    seen: set[tuple[str, str]] = set()
    try:
        for width in widths:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            if folder is not None:
                page.screenshot(
                    path=str(folder / f"{slug(name)}-{width}.jpg"), full_page=True, quality=70
                )
            if axe_widths is not None and width not in axe_widths:
                continue
            fresh = []
            for violation in axe_violations(page):
                targets = "|".join(" ".join(map(str, n["target"])) for n in violation["nodes"])
                if (violation["id"], targets) not in seen:
                    seen.add((violation["id"], targets))
                    fresh.append(violation)
            report += describe(fresh, width=width)
    finally:
        if original:
            page.set_viewport_size(original)
    if report and raise_on_violation:
        raise AccessibilityError(f"axe-core on {name} ({page.url}):\n" + "\n".join(report))
    return report
