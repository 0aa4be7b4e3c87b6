"""`make bench`, the report's PDF (issue 13): the peer review report template rendered to a tagged
PDF exactly as the Celery task renders it (documents.rendering.pdf_from_html, the project's URL
fetcher, PDF/UA-1), from a report built in memory (no database).

1. After a warm-up render (fonts, stylesheets and templates loaded), the time and the peak
   memory of the process rendering a report of at least 30 pages. Targets: under 5 s, under
   300 MB (the peak resident size of the whole process, interpreter and Django included: what
   a worker's memory limit sees).
2. PDF throughput with one worker process and with two (each warmed up first), rendering the
   same number of typical reports (eight sections). Target: two give at least 1.8 times one.
   Rendering is CPU-bound: two processes can only reach that on a machine with two cores free.

Run alone with `python -m tests.perf.report_pdf`. Prints a table and exits non-zero when a
target fails; speed is reported here, never asserted in tests. The machine may be shared with
other work: times vary with its load.
"""

import datetime
import multiprocessing
import os
import resource
import sys
import time
from io import BytesIO

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerreview.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

import django
from django.conf import settings

django.setup()
# The static files from their folders, as in development: the bench runs without
# collectstatic (the renderer reads the same files either way).
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.template.loader import render_to_string  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from accounts.models import Organisation, Programme, Region  # noqa: E402
from challenges.models import Challenge, Report, ReportVersion  # noqa: E402
from challenges.public_selectors import sections_of  # noqa: E402
from challenges.report_documents import _chart  # noqa: E402
from documents.rendering import pdf_from_html  # noqa: E402
from offers.models import ReviewType  # noqa: E402

PAGES = 30
MAX_SECONDS = 5.0
MAX_PEAK_MB = 300.0
MIN_SPEED_UP = 1.8
TYPICAL_SECTIONS = 8
FINDINGS = [
    ("Strength", 9),
    ("Area for development", 6),
    ("Recommendation", 5),
    ("Area for consideration", 2),
]
THROUGHPUT_RENDERS = int(os.environ.get("BENCH_PDF_RENDERS", "8"))

PARAGRAPH = (
    "Leaders and managers have a clear understanding of the service's strengths and of the "
    "areas that need to develop. Staff told the team that they feel supported and that "
    "supervision is regular and reflective. Partners described a shared commitment to "
    "children, and the management board has begun to hold agencies to account for their "
    "contribution to the partnership's priorities."
)


def report_sections(count: int) -> list[dict]:
    """`count` sections of narrative, findings as bullets and a recommendations list."""
    sections = []
    for n in range(1, count + 1):
        bullets = "\n".join(
            f"- Finding {n}.{item}: practice with children is purposeful and well recorded."
            for item in range(1, 7)
        )
        text = "\n\n".join([PARAGRAPH] * 4) + "\n\n" + bullets + "\n\n" + PARAGRAPH
        sections.append({"key": f"section-{n}", "heading": f"Line of enquiry {n}", "text": text})
    return sections


def report_html(count: int) -> str:
    region = Region(name="North West")
    challenge = Challenge(
        programme=Programme(name="Youth justice sector improvement partnership"),
        organisation=Organisation(name="Calderbrook Youth Justice Service", region=region),
        review_type=ReviewType(name="Full peer review"),
        starts_on=datetime.date(2026, 3, 3),
        ends_on=datetime.date(2026, 3, 5),
    )
    report = Report(challenge=challenge, published_at=timezone.now())
    version = ReportVersion(report=report, number=1, sections=report_sections(count))

    class Document:
        title = "Peer review report: Calderbrook Youth Justice Service"

    return render_to_string(
        "challenges/documents/report.html",
        {
            "report": report,
            "challenge": challenge,
            "sections": sections_of(version),
            "findings_by_kind": FINDINGS,
            "chart": _chart(FINDINGS),
            "document": Document,
            "document_author": challenge.programme.name,
            "service_name": "Peer review programme manager",
            "rendered_at": timezone.now(),
        },
    )


def render(count: int) -> bytes:
    return pdf_from_html(
        report_html(count),
        title="Peer review report: Calderbrook Youth Justice Service",
        author="Youth justice sector improvement partnership",
        language="en-gb",
    )


def pages_of(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _large_report(queue) -> None:
    """In its own process, so that the peak memory is this render's: warm up, size the report
    to PAGES pages, then time one render."""
    warm = render(TYPICAL_SECTIONS)
    sections = max(1, round(PAGES * TYPICAL_SECTIONS / max(pages_of(warm), 1)))
    while pages_of(render(sections)) < PAGES:
        sections += 2
    started, cpu_started = time.perf_counter(), time.process_time()
    pdf = render(sections)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    queue.put((seconds, cpu, peak_mb(), pages_of(pdf), len(pdf), pages_of(warm)))


_barrier = None


def _start_worker(barrier) -> None:
    global _barrier  # the pool's initializer hands each process the barrier
    _barrier = barrier


def _warm_up(_n: int) -> None:
    """One warm-up render per process: each waits at the barrier for the others, so that no
    process takes two and every one is warm before the clock starts."""
    render(TYPICAL_SECTIONS)
    _barrier.wait()


def _typical(_n: int) -> float:
    """One render; the CPU time it took in its process."""
    started = time.process_time()
    render(TYPICAL_SECTIONS)
    return time.process_time() - started


def throughput(processes: int) -> tuple[float, float]:
    """Typical reports per second made by `processes` warmed-up worker processes, and the CPU
    seconds each took (the same whatever the number of processes, unless they contend)."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(processes)
    with context.Pool(processes, initializer=_start_worker, initargs=(barrier,)) as pool:
        pool.map(_warm_up, range(processes), chunksize=1)
        started = time.perf_counter()
        cpu = pool.map(_typical, range(THROUGHPUT_RENDERS), chunksize=1)
        return THROUGHPUT_RENDERS / (time.perf_counter() - started), sum(cpu) / len(cpu)


def main() -> int:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_large_report, args=(queue,))
    child.start()
    seconds, cpu, peak, pages, size, typical_pages = queue.get(timeout=600)
    child.join()
    one, one_cpu = throughput(1)
    two, two_cpu = throughput(2)
    speed_up = two / one
    cores = os.cpu_count() or 1
    rows = [
        (
            f"{pages}-page report, after a warm-up",
            f"{seconds:.2f} s",
            f"< {MAX_SECONDS:.0f} s",
            seconds < MAX_SECONDS,
        ),
        ("  CPU time of that render", f"{cpu:.2f} s", "", True),
        (
            "peak memory of the rendering process",
            f"{peak:.0f} MB",
            f"< {MAX_PEAK_MB:.0f} MB",
            peak < MAX_PEAK_MB,
        ),
        ("throughput, 1 worker process", f"{one:.2f} PDFs/s", "", True),
        ("  CPU time per PDF", f"{one_cpu:.2f} s", "", True),
        ("throughput, 2 worker processes", f"{two:.2f} PDFs/s", "", True),
        ("  CPU time per PDF", f"{two_cpu:.2f} s", "", True),
        (
            "speed-up of 2 over 1",
            f"{speed_up:.2f}x",
            f">= {MIN_SPEED_UP}x",
            speed_up >= MIN_SPEED_UP,
        ),
    ]
    print(
        f"\nReport PDF benchmark ({size // 1024} KB PDF; typical report for throughput: "
        f"{TYPICAL_SECTIONS} sections, {typical_pages} pages, {THROUGHPUT_RENDERS} renders; "
        f"{cores} CPU cores, load average {os.getloadavg()[0]:.1f})"
    )
    print(f"{'measure':<40} {'measured':>14} {'target':>10}  met")
    for name, measured, target, met in rows:
        print(f"{name:<40} {measured:>14} {target:>10}  {'yes' if met else 'NO'}")
    # PDFs per second times CPU seconds per PDF: how many cores the renders really had.
    print(f"cores the renders had: {one * one_cpu:.2f} with 1 process, {two * two_cpu:.2f} with 2")
    if speed_up < MIN_SPEED_UP:
        print(
            "Two processes need two free cores: on this machine of "
            f"{cores} cores, shared with other work, the speed-up is bounded by the CPU the "
            "other processes leave (compare the cores the renders had)."
        )
    return 0 if all(met for *_rest, met in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
