"""Reads for the report as the public sees it (/reports/, the PDF): published reports only, and
a report's text shaped for reading, from its latest version.

Nothing here reads evidence notes, activities' descriptions of who was met, or the team: the
public report is the report's own text (its sections) and the facts of the challenge (the
programme, offer, service and on-site dates)."""

import re
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from .enums import ReportState
from .models import Report, ReportVersion

# A line starting with "-", "*" or "•" is an item of a bulleted list; a blank line ends a
# paragraph. That is all the structure a section's plain text carries: it is never HTML.
_BULLET = re.compile(r"^\s*[-*•]\s+")


@dataclass(frozen=True)
class Block:
    """A paragraph (`lines`, shown with line breaks) or a bulleted list (`items`)."""

    lines: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportSection:
    key: str
    heading: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def anchor(self) -> str:
        return "section-" + re.sub(r"[^a-z0-9-]+", "-", self.key.lower()).strip("-")


def text_blocks(text: str) -> tuple[Block, ...]:
    """`text` as paragraphs and bulleted lists (plain text in, plain text out: the templates
    escape it)."""
    blocks: list[Block] = []
    lines: list[str] = []
    items: list[str] = []

    def close() -> None:
        if lines:
            blocks.append(Block(lines=tuple(lines)))
            lines.clear()
        if items:
            blocks.append(Block(items=tuple(items)))
            items.clear()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            close()
        elif _BULLET.match(raw):
            if lines:
                close()
            items.append(_BULLET.sub("", raw).strip())
        elif items:
            # A line under a bullet that is not one itself continues that item.
            items[-1] = f"{items[-1]} {line}"
        else:
            lines.append(line)
    close()
    return tuple(blocks)


def sections_of(version: ReportVersion | None) -> list[ReportSection]:
    """The version's sections in its order, each with its heading and its text as blocks;
    sections with neither heading nor text are left out."""
    if version is None:
        return []
    sections = []
    for index, raw in enumerate(version.sections or []):
        if not isinstance(raw, dict):
            continue
        heading = str(raw.get("heading") or "").strip()
        text = str(raw.get("text") or "")
        if not heading and not text.strip():
            continue
        sections.append(
            ReportSection(
                key=str(raw.get("key") or f"section-{index + 1}"),
                heading=heading,
                blocks=text_blocks(text),
            )
        )
    return sections


def section_text(version: ReportVersion | None, key: str) -> str:
    """The text of the version's section `key` ("" when it has none)."""
    for raw in (version.sections if version else None) or []:
        if isinstance(raw, dict) and raw.get("key") == key:
            return str(raw.get("text") or "")
    return ""


def latest_version(report: Report) -> ReportVersion | None:
    """The report's text: its latest version (prefetched as `latest` by the selectors here)."""
    prefetched = getattr(report, "latest", None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return report.versions.order_by("-number").first()


def _with_latest_version(reports: QuerySet[Report]) -> QuerySet[Report]:
    # One query for every report's latest version: the newest per report, by a subquery.
    newest = (
        ReportVersion.objects.filter(report=OuterRef("report"))
        .order_by("-number")
        .values("number")[:1]
    )
    return reports.prefetch_related(
        Prefetch(
            "versions",
            queryset=ReportVersion.objects.filter(number=Subquery(newest)),
            to_attr="latest",
        )
    )


def published_reports() -> QuerySet[Report]:
    """Every published report (never a draft, one in its factual-accuracy check or a final
    report not yet published), newest first, with what the list shows joined."""
    return (
        Report.objects.filter(
            state=ReportState.PUBLISHED, slug__isnull=False, published_at__isnull=False
        )
        .select_related(
            "challenge__programme",
            "challenge__review_type",
            "challenge__organisation__region",
        )
        .order_by("-published_at", "-pk")
    )


def published_report(*, slug: str) -> Report:
    """The published report at `slug`, with its latest version and document; 404 for any
    other (a draft's or an unpublished final report's existence is not told)."""
    report = (
        _with_latest_version(published_reports().select_related("document"))
        .filter(slug=slug)
        .first()
    )
    if report is None:
        raise Http404
    return report
