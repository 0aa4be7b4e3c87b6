"""Accessibility checks with axe-core, and the navigation helpers that run them.

Every page a browser test visits must pass axe-core's WCAG 2.2 A and AA rules. The page
fixture (see conftest.py) attaches a `PageAudit` to each page: it notes every document that
loads in the main frame, and the test fails at teardown if any of them was never checked.
Use these helpers to move around, and the check happens without thinking about it:

    goto(page, "/")                                # load a URL, wait for it, check it
    click_and_check(page.get_by_role("link", name="Sign in"))    # follow a link, check
    click_and_check(page.get_by_role("button", name="Sign in"))  # submit a form, check

and `axe_check(page)` for anything else (a page reached another way, or a page whose state
changed without navigating, such as after opening a disclosure).

Each check also looks at the page 320 CSS pixels wide (WCAG 2.2's 1.4.10 Reflow: 1280 px at
400% zoom): nothing may make the whole page scroll sideways. A wide table scrolls inside its
own region instead ({% table_container %}, core/templatetags/tables.py). The viewport is put
back as it was before the test goes on.

axe is injected with `page.evaluate`, which runs through the DevTools protocol and so is not
subject to the page's Content-Security-Policy; `page.add_script_tag` would be refused by the
site's `script-src 'self' 'nonce-…'`. The CSP itself stays on, so a template that breaks it
fails here (blocked resources are reported by the audit as console errors).
"""

from __future__ import annotations

import functools
import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from playwright.sync_api import ConsoleMessage, Frame, Locator, Page, Request, Response

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2 at levels A and AA: what public sector bodies must meet.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")

_UNSTYLED = """
() => [...document.querySelectorAll("link[rel='stylesheet']")]
  .filter((link) => !link.sheet || link.sheet.cssRules.length === 0)
  .map((link) => link.href)
"""

_RUN_AXE = """
async (tags) => {
  const results = await window.axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return {
    version: results.testEngine.version,
    passes: results.passes.length,
    violations: results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({
        target: node.target,
        html: node.html,
        summary: node.failureSummary,
      })),
    })),
  };
}
"""


@functools.cache
def axe_source() -> str:
    """The text of axe.min.js from node_modules (installed by `npm ci`)."""
    if not AXE_PATH.is_file():
        pytest.fail(
            f"axe-core is missing: {AXE_PATH} does not exist. Run `npm ci` in {REPO_ROOT} "
            "(package.json pins axe-core) before the browser tests.",
            pytrace=False,
        )
    # A trailing expression, so that Playwright evaluates the file as a script rather than
    # trying to call it as a function.
    return AXE_PATH.read_text(encoding="utf-8") + "\n;undefined;"


def _without_fragment(url: str) -> str:
    return urldefrag(url).url


@dataclass
class _Visit:
    url: str
    checked: bool = False


@dataclass
class PageAudit:
    """What happened on one page: documents loaded in the main frame, and whether axe checked
    each; uncaught script errors and console errors (including CSP refusals); failed
    requests and error responses from the site itself."""

    page: Page
    origin: str
    visits: list[_Visit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("framenavigated", self._on_navigated)
        self.page.on("pageerror", self._on_page_error)
        self.page.on("console", self._on_console)
        self.page.on("requestfailed", self._on_request_failed)
        self.page.on("response", self._on_response)

    # --- Events ------------------------------------------------------------------------------

    def _on_navigated(self, frame: Frame) -> None:
        if frame != self.page.main_frame or not frame.url.startswith(("http:", "https:")):
            return
        url = _without_fragment(frame.url)
        # A same-document navigation (to a #fragment) is not a new page.
        if self.visits and self.visits[-1].url == url and frame.url != url:
            return
        self.visits.append(_Visit(url))

    def _on_page_error(self, error: Exception) -> None:
        self.problems.append(f"Uncaught script error on {self.page.url}: {error}")

    def _on_console(self, message: ConsoleMessage) -> None:
        # Chromium also logs every 4xx/5xx response here; those are judged in _on_response
        # (resources) or by the test itself (a document's status, e.g. a 429 lockout page).
        if message.text.startswith("Failed to load resource: the server responded"):
            return
        if message.type == "error":
            where = message.location.get("url") or self.page.url
            self.problems.append(f"Console error ({where}): {message.text}")

    def _on_request_failed(self, request: Request) -> None:
        if request.url.startswith(self.origin):
            self.problems.append(
                f"Request failed: {request.method} {request.url} ({request.failure})"
            )

    def _on_response(self, response: Response) -> None:
        # Only resources a page needs (CSS, scripts, fonts, images): a document's own status
        # is the test's business (an error page can be the point of a test).
        if (
            response.url.startswith(self.origin)
            and response.status >= 400
            and response.request.resource_type not in ("document", "xhr", "fetch")
        ):
            self.problems.append(
                f"{response.status} for {response.request.resource_type} {response.url} "
                f"(needed by {self.page.url})"
            )

    # --- Checks ------------------------------------------------------------------------------

    def mark_checked(self, url: str) -> None:
        url = _without_fragment(url)
        for visit in self.visits:
            if visit.url == url:
                visit.checked = True

    def failures(self) -> list[str]:
        unchecked = [visit.url for visit in self.visits if not visit.checked]
        failures = list(self.problems)
        if unchecked:
            failures.append(
                "Pages visited without an accessibility check (use goto / click_and_check, "
                "or call axe_check(page) after reaching each page):\n"
                + "\n".join(f"    {url}" for url in unchecked)
            )
        return failures


_AUDITS: weakref.WeakKeyDictionary[Page, PageAudit] = weakref.WeakKeyDictionary()


def start_audit(page: Page, *, origin: str) -> PageAudit:
    audit = PageAudit(page, origin=origin)
    _AUDITS[page] = audit
    return audit


def audit_for(page: Page) -> PageAudit | None:
    return _AUDITS.get(page)


def format_violations(url: str, violations: list[dict]) -> str:
    """A readable account of axe's findings: one block per rule, one line pair per node."""
    lines = [f"axe-core found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append("")
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    - target: {target}")
            lines.append(f"      html:   {node['html']}")
            for summary_line in (node.get("summary") or "").splitlines():
                lines.append(f"      {summary_line}")
    return "\n".join(lines)


# govuk-frontend's radios component sets aria-expanded on a radio that reveals a conditional
# question. ARIA does not allow the attribute on a radio, so axe reports it; GOV.UK keeps it on
# purpose, because screen readers announce the revealed content with it
# (alphagov/govuk-frontend#979, a known issue of theirs). That one finding, on that one
# markup, is left out; anything else on the same radio is still reported.
_GOVUK_REVEAL_EXPANDED = re.compile(r'ARIA attribute is not allowed: aria-expanded="(true|false)"')


def _govuk_reveal_expanded(violation: dict, node: dict) -> bool:
    if violation["id"] != "aria-allowed-attr":
        return False
    html = node["html"]
    reasons = [line.strip() for line in (node.get("summary") or "").splitlines()[1:]]
    return (
        html.startswith("<input ")
        and 'class="govuk-radios__input"' in html
        and "aria-controls=" in html
        and bool(reasons)
        and all(_GOVUK_REVEAL_EXPANDED.fullmatch(reason) for reason in reasons)
    )


def _ours(violations: list[dict]) -> list[dict]:
    """The violations, less govuk-frontend's known aria-expanded on revealing radios."""
    kept = []
    for violation in violations:
        nodes = [node for node in violation["nodes"] if not _govuk_reveal_expanded(violation, node)]
        if nodes:
            kept.append(violation | {"nodes": nodes})
    return kept


# WCAG 1.4.10: content reflows at 320 CSS pixels wide without scrolling in two directions.
REFLOW_WIDTH = 320

# The two rendering steps after a resize: media query listeners (govuk-frontend's service
# navigation switches to its menu button) have run and the layout is settled by then.
_SETTLED = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"

# How wide the document and body are against the viewport and, when too wide, the elements
# that make them so: the outermost ones reaching past the right edge (their parent does not),
# furthest-reaching first, with a selector to find each. Whatever scrolls or clips inside its
# own box (a table's scrolling region) is not counted.
_OVERFLOW = """
() => {
  const limit = window.innerWidth;
  const widths = {
    viewport: limit,
    document: document.documentElement.scrollWidth,
    body: document.body ? document.body.scrollWidth : 0,
  };
  if (widths.document <= limit && widths.body <= limit) {
    return {widths, offenders: []};
  }
  const clips = (element) => {
    const overflow = getComputedStyle(element).overflowX;
    return overflow !== "visible";
  };
  const insideClip = (element) => {
    for (let parent = element.parentElement; parent && parent !== document.body;
         parent = parent.parentElement) {
      if (clips(parent)) return true;
    }
    return false;
  };
  const selector = (element) => {
    const path = [];
    for (let node = element; node && node !== document.body && path.length < 4;
         node = node.parentElement) {
      let part = node.tagName.toLowerCase();
      if (node.id) {
        path.unshift(part + "#" + node.id);
        break;
      }
      const classes = [...node.classList].slice(0, 2);
      if (classes.length) part += "." + classes.join(".");
      path.unshift(part);
    }
    return path.join(" > ");
  };
  const past = (element) => element.getBoundingClientRect().right > limit + 0.5;
  const positioned = (element) =>
    ["absolute", "fixed"].includes(getComputedStyle(element).position);
  const find = (escapes) => {
    const found = [];
    for (const element of document.body.querySelectorAll("*")) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || !past(element)) continue;
      if (escapes) {
        if (!positioned(element)) continue;
      } else if (insideClip(element)) {
        continue;
      } else {
        const parent = element.parentElement;
        if (parent && parent !== document.body && past(parent)) continue;
      }
      found.push({
        selector: selector(element),
        width: Math.round(box.width),
        right: Math.round(box.right),
        text: (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60),
      });
    }
    return found;
  };
  // An absolutely positioned element escapes a scrolling ancestor that is not its containing
  // block (a visually hidden span in a table's region, unless the region is positioned), so
  // when nothing outside those regions is too wide, look for such an element.
  let offenders = find(false);
  if (!offenders.length) offenders = find(true);
  offenders.sort((a, b) => b.right - a.right);
  return {widths, offenders: offenders.slice(0, 8)};
}
"""


def reflow_check(page: Page) -> None:
    """Fail if the page, REFLOW_WIDTH pixels wide, is wider than the viewport, naming the
    elements that make it so. The viewport is restored (and settled) afterwards."""
    original = page.viewport_size
    assert original is not None, "The browser context has no fixed viewport to narrow"
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": original["height"]})
    try:
        page.evaluate(_SETTLED)
        found = page.evaluate(_OVERFLOW)
    finally:
        page.set_viewport_size(original)
        page.evaluate(_SETTLED)
    widths = found["widths"]
    if widths["document"] > widths["viewport"] or widths["body"] > widths["viewport"]:
        lines = [
            f"{page.url} is wider than the viewport at {REFLOW_WIDTH} px (WCAG 1.4.10 Reflow): "
            f"the document is {widths['document']} px and the body {widths['body']} px wide, "
            f"the viewport {widths['viewport']} px. What reaches past the right edge:"
        ]
        lines += [
            f"    {offender['selector']}: {offender['width']} px wide, right edge at "
            f"{offender['right']} px ({offender['text']!r})"
            for offender in found["offenders"]
        ]
        pytest.fail("\n".join(lines), pytrace=False)


def axe_check(page: Page) -> None:
    """Check the page as it is now against WCAG 2.2 A and AA, then at REFLOW_WIDTH pixels
    wide; fail listing every violation."""
    page.wait_for_load_state("load")
    url = page.url
    # Colour contrast, target size and reflow mean something only with the real styles.
    unstyled = page.evaluate(_UNSTYLED)
    assert not unstyled, f"Stylesheets not loaded, or empty, on {url}: {unstyled}"
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(_RUN_AXE, list(WCAG_TAGS))
    # A page on which no rule could run means axe did not really look at it.
    assert results["passes"] > 0, f"axe-core {results['version']} checked nothing on {url}"
    if audit := audit_for(page):
        audit.mark_checked(url)
    if violations := _ours(results["violations"]):
        pytest.fail(format_violations(url, violations), pytrace=False)
    reflow_check(page)


def goto(page: Page, url: str, *, status: int = 200) -> Response:
    """Load `url` (absolute, or a path under the live server), expect `status`, check it."""
    response = page.goto(url)
    assert response is not None, f"No response for {url}"
    assert response.status == status, f"{url} answered {response.status}, expected {status}"
    axe_check(page)
    return response


def click_and_check(locator: Locator) -> None:
    """Click a link or button that loads a new page (a form submission included: the page
    after any redirect), wait for that page, and check it."""
    page = locator.page
    with page.expect_event("framenavigated", predicate=lambda frame: frame == page.main_frame):
        locator.click()
    axe_check(page)
