"""Generated documents (the documents app): a request is stored, rendered by the Celery task into
a tagged PDF that loads nothing but our own static files, and offered on a page that polls.

Tests that take the `tasks` fixture run the tasks through a real Celery worker on the broker
when CELERY_BROKER_URL is set (CI runs Redis and PostgreSQL), eagerly in-process otherwise.
They need `transactional_db`: the worker has its own database connection. The others run the
task eagerly, in the test's transaction."""

import gc
import http.server
import threading
from collections.abc import Iterator
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from documents.fetcher import BASE_URL, StaticAssetsURLFetcher, URLRefusedError
from documents.models import DocumentStatus, GeneratedDocument
from documents.registry import register_document
from documents.rendering import pdf_render
from documents.services import DocumentError, document_request
from documents.tasks import render_document, sweep_documents
from peerreview.celery import app as celery_app
from tests import factories
from tests.tasks import BROKER_URL, broker_down, running_tasks

SUMMARY = "test_programme_summary"


def _summary_context(document: GeneratedDocument) -> dict:
    programme = document.subject
    return {"programme": programme, "summary": f"Reviews planned by {programme.short_name}"}


def _requester_only(user, document: GeneratedDocument) -> bool:
    return user.pk == document.requested_by_id


def _context_with_a_bug(document: GeneratedDocument) -> dict:
    raise ZeroDivisionError("a bug in the context function")


def _context_with_nothing_to_show(document: GeneratedDocument) -> dict:
    raise DocumentError("There are no reviews to put in this summary yet.")


register_document(
    SUMMARY,
    template="pdf/test_document.html",
    context=_summary_context,
    can_view=_requester_only,
)
register_document(
    "test_broken_context",
    template="pdf/test_document.html",
    context=_context_with_a_bug,
    can_view=_requester_only,
)
register_document(
    "test_broken_template",
    template="pdf/no_such_template.html",
    context=_summary_context,
    can_view=_requester_only,
)
register_document(
    "test_nothing_to_show",
    template="pdf/test_document.html",
    context=_context_with_nothing_to_show,
    can_view=_requester_only,
)


# --- Running tasks ---------------------------------------------------------------------------


@pytest.fixture
def tasks(transactional_db) -> Iterator[str]:
    with running_tasks() as runner:
        yield runner
    # A task's retry leaves its result object in a reference cycle; collected at interpreter
    # exit, it would unsubscribe from the result backend through a new connection that nothing
    # closes (a ResourceWarning). Collected now, it uses the connection still open.
    gc.collect()


def settle(document: GeneratedDocument) -> tuple[GeneratedDocument, list[str]]:
    """Wait for `document` to be ready or failed, and return it with what each probe found.

    Each probe is one more render message, sent behind those already queued for the document,
    whose result we wait for: the solo worker takes messages in order and the task is
    idempotent, so once a probe is done the earlier messages are done too. Eagerly, the
    rendering has already happened and the probe finds nothing to do."""
    found = []
    for _ in range(5):
        found.append(
            render_document.apply_async(
                kwargs={"document_id": document.pk}, ignore_result=False
            ).get(timeout=60)
        )
        document.refresh_from_db()
        if not document.is_active:
            return document, found
    pytest.fail(f"document {document.pk} still {document.status} after {found}")


# --- Helpers ---------------------------------------------------------------------------------


@pytest.fixture
def programme():
    return factories.ProgrammeFactory(
        name="Northern youth justice peer review programme", short_name="NYJPR"
    )


@pytest.fixture
def requester(programme):
    return factories.coordinator(
        programme=programme, full_name="Imogen Featherstonehaugh", email="imogen@example.org"
    )


def ask(requester, programme, *, kind: str = SUMMARY) -> GeneratedDocument:
    return document_request(
        kind=kind,
        subject=programme,
        requested_by=requester,
        title="Programme summary 2025 to 2026",
        programme=programme,
    )


def pdf_bytes(document: GeneratedDocument) -> bytes:
    with document.file.open("rb") as stored:
        return stored.read()


def pdf_of(document: GeneratedDocument) -> PdfReader:
    return PdfReader(BytesIO(pdf_bytes(document)))


def pdf_text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def stored_files() -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


# --- Rendering through the task --------------------------------------------------------------


def test_requested_document_is_rendered_to_a_tagged_pdf_naming_no_person(
    tasks, programme, requester
):
    document = ask(requester, programme)

    document, _ = settle(document)

    assert document.status == DocumentStatus.READY
    assert document.error == ""
    assert document.attempts == 1
    assert document.rendered_at is not None
    reader = pdf_of(document)
    assert document.size == len(pdf_bytes(document))
    text = pdf_text(reader)
    assert "Programme summary 2025 to 2026" in text
    assert "Reviews planned by NYJPR" in text
    assert "page 1 of 1" in text
    metadata = reader.metadata
    assert metadata.title == "Programme summary 2025 to 2026"
    assert metadata.author == "Northern youth justice peer review programme"
    assert metadata.creator == str(settings.SERVICE_NAME)
    xmp = reader.xmp_metadata
    assert xmp.dc_title == {"x-default": "Programme summary 2025 to 2026"}
    assert xmp.dc_creator == ["Northern youth justice peer review programme"]
    everything_said = " ".join(str(value) for value in metadata.values()) + text
    for personal in ("Imogen", "Featherstonehaugh", "imogen@example.org"):
        assert personal not in everything_said
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-gb"
    assert tasks == ("worker" if BROKER_URL else "eager")


def stored_without_its_message(programme, requester, *, key: str = "test") -> GeneratedDocument:
    """The row as document_request stores it, but without queueing its message: the task a
    test sends itself is then the only one to render it."""
    return GeneratedDocument.objects.create(
        kind=SUMMARY,
        template_name="pdf/test_document.html",
        subject=programme,
        title="Programme summary",
        programme=programme,
        requested_by=requester,
        language="en-gb",
        idempotency_key=key,
    )


def test_render_task_completes_through_the_configured_runner(tasks, programme, requester):
    document = stored_without_its_message(programme, requester)

    result = render_document.apply_async(kwargs={"document_id": document.pk}, ignore_result=False)

    assert result.get(timeout=60) == "ready"
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert document.task_id == result.id
    assert tasks == ("worker" if BROKER_URL else "eager")


def test_messages_sent_under_the_task_names_from_core_still_run(tasks, programme, requester):
    """Until generated documents had an app of their own, their tasks were core.tasks.*:
    messages the release before queued (still in the broker during a deploy) carry those
    names, and a worker of this release takes them."""
    document = stored_without_its_message(programme, requester, key="sent-before-the-move")

    rendered = celery_app.tasks["core.tasks.render_document"].apply_async(
        kwargs={"document_id": document.pk}, ignore_result=False
    )
    swept = celery_app.tasks["core.tasks.sweep_documents"].apply_async(ignore_result=False)
    purged = celery_app.tasks["core.tasks.purge_documents"].apply_async(ignore_result=False)

    assert rendered.get(timeout=60) == "ready"
    assert swept.get(timeout=60) == {"queued_again": 0, "failed": 0}
    assert purged.get(timeout=60) == 0
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert "Reviews planned by NYJPR" in pdf_text(pdf_of(document))


def test_render_requested_while_the_broker_is_down_completes_once_it_is_back(
    transactional_db, monkeypatch, caplog, programme, requester
):
    with broker_down(monkeypatch):
        document = ask(requester, programme)  # does not raise: the person's request succeeds

    document.refresh_from_db()
    assert document.status == DocumentStatus.QUEUED
    assert f"Could not queue generated document {document.pk}" in caplog.text
    # A minute later, the sweep (Celery beat runs it every minute) finds it still queued.
    GeneratedDocument.objects.filter(pk=document.pk).update(
        queued_at=timezone.now() - timedelta(minutes=2)
    )
    with running_tasks():
        assert sweep_documents.apply_async(ignore_result=False).get(timeout=60) == {
            "queued_again": 1,
            "failed": 0,
        }
        document, probes = settle(document)

    assert document.status == DocumentStatus.READY
    assert probes == ["skipped"]  # the sweep's message had rendered it
    assert "Reviews planned by NYJPR" in pdf_text(pdf_of(document))


# --- Failures --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (
            "test_broken_context",
            "Something went wrong while making this document. Try again. If it happens "
            "again, contact the programme team.",
        ),
        (
            "test_broken_template",
            "Something went wrong while making this document. Try again. If it happens "
            "again, contact the programme team.",
        ),
        ("test_nothing_to_show", "There are no reviews to put in this summary yet."),
    ],
    ids=["context raises", "template missing", "context declines"],
)
def test_failing_render_ends_failed_with_a_plain_message(
    db, django_capture_on_commit_callbacks, client, programme, requester, kind, message
):
    with django_capture_on_commit_callbacks(execute=True):
        document = ask(requester, programme, kind=kind)

    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.error == message
    assert document.attempts == 1  # not retried
    assert document.file.name == ""
    client.force_login(requester)
    page = client.get(reverse("documents:document", args=[document.pk])).content.decode()
    assert "We could not make your document" in page
    assert message in page
    assert "Traceback" not in page
    assert "ZeroDivisionError" not in page
    assert f'action="{reverse("documents:document_retry", args=[document.pk])}"' in page
    assert "hx-trigger" not in page


@pytest.fixture
def storage_down(settings, tmp_path) -> None:
    """Files cannot be stored: the media folder's place is taken by a file (an OSError, as a
    full or unmounted disk would give)."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    settings.MEDIA_ROOT = blocked


def test_storage_fault_when_running_eagerly_ends_failed_at_once(
    db, django_capture_on_commit_callbacks, storage_down, programme, requester
):
    with django_capture_on_commit_callbacks(execute=True):
        document = ask(requester, programme)  # does not raise

    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.attempts == 1  # eagerly, there is nobody to retry it later
    assert document.error == (
        "Something went wrong while making this document. Try again. If it happens again, "
        "contact the programme team."
    )


@pytest.mark.skipif(not BROKER_URL, reason="retries need a real worker (eager tasks do not)")
def test_storage_fault_is_retried_by_the_worker_then_ends_failed(
    tasks, storage_down, programme, requester
):
    # Its retries keep the task's id, so they too are the only ones to render it.
    document = stored_without_its_message(programme, requester)

    result = render_document.apply_async(kwargs={"document_id": document.pk}, ignore_result=False)

    result.get(timeout=60, propagate=False)  # waits through the retries, with their backoff
    document.refresh_from_db()
    assert result.state == "FAILURE"
    assert isinstance(result.result, NotADirectoryError)
    assert document.status == DocumentStatus.FAILED
    assert document.attempts == settings.DOCUMENTS_MAX_ATTEMPTS
    assert document.error == (
        "We tried to make this document several times without success. Try again later. "
        "If it happens again, contact the programme team."
    )


def test_try_again_asks_for_the_document_again(
    db, django_capture_on_commit_callbacks, client, programme, requester
):
    with django_capture_on_commit_callbacks(execute=True):
        failed = ask(requester, programme, kind="test_nothing_to_show")
    client.force_login(requester)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:document_retry", args=[failed.pk]))

    again = GeneratedDocument.objects.exclude(pk=failed.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:document", args=[again.pk])
    assert (again.kind, again.subject, again.title, again.programme, again.requested_by) == (
        failed.kind,
        programme,
        failed.title,
        programme,
        requester,
    )
    assert again.status == DocumentStatus.FAILED  # it still has nothing to show


# --- Nothing is fetched ----------------------------------------------------------------------


@pytest.fixture
def listening_server() -> Iterator[SimpleNamespace]:
    """A web server on a free local port that records every request it receives."""
    received: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            received.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, format, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(port=server.server_address[1], received=received)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def typed_by_a_user(port: int) -> tuple[str, list[str]]:
    """Markup and CSS a user might type into a rich-text field, and the URLs in it."""
    urls = [
        f"http://127.0.0.1:{port}/x.png",
        "file:///etc/passwd",
        "file:///etc/hostname",
        f"http://localhost:{port}/background.png",
    ]
    html = (
        f'<img src="{urls[0]}" alt="">'
        f'<link rel=stylesheet href="{urls[1]}">'
        f'<img src="{urls[2]}" alt="">'
        f'<p style="background: url({urls[3]})">Our plan for the year</p>'
    )
    return html, urls


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://127.0.0.1/x.png",
        "http://localhost/background.png",
        "http://[::1]/x.png",
        "http://[::1/x.png",
        "file:///etc/passwd",
        "file:///etc/hostname",
        "ftp://example.org/plan.pdf",
        f"{BASE_URL}media/documents/plan.pdf",
        f"{BASE_URL}static/../../../../etc/passwd",
        f"{BASE_URL}static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{BASE_URL}static/no-such-file.css",
        "https://documents.invalid.example.org/static/css/pdf.css",
        "https://user@documents.invalid/static/css/pdf.css",
    ],
)
def test_fetcher_refuses_anything_but_static_files_and_data_urls(url):
    fetcher = StaticAssetsURLFetcher()

    with pytest.raises(URLRefusedError):
        fetcher.fetch(url)

    assert fetcher.refused == [url]
    assert fetcher.loaded == []


def test_fetcher_serves_static_files_and_data_urls():
    fetcher = StaticAssetsURLFetcher()
    stylesheet = f"{BASE_URL}static/css/pdf.css"
    pixel = "data:text/plain;base64,T3VyIHBsYW4="

    css = fetcher.fetch(stylesheet)
    data = fetcher.fetch(pixel)

    assert css.content_type == "text/css"
    assert b"@page" in css.read()
    assert data.read() == b"Our plan"
    css.close()
    data.close()
    assert fetcher.loaded == [stylesheet, pixel]
    assert fetcher.refused == []


def test_render_of_typed_markup_loads_only_static_files_and_data_urls(
    db, listening_server, programme, requester
):
    html, urls = typed_by_a_user(listening_server.port)
    programme.description = html
    programme.save()
    document = stored_without_its_message(programme, requester)
    fetcher = StaticAssetsURLFetcher()

    pdf = pdf_render(document, url_fetcher=fetcher)

    assert sorted(fetcher.refused) == sorted(urls)
    assert sorted(url.split(",")[0] for url in fetcher.loaded) == [
        "data:image/png;base64",
        f"{BASE_URL}static/css/pdf.css",
        f"{BASE_URL}static/images/favicon.svg",
    ]
    assert listening_server.received == []
    assert "Our plan for the year" in pdf_text(PdfReader(BytesIO(pdf)))


def test_requested_document_with_typed_markup_renders_and_fetches_nothing(
    tasks, listening_server, programme, requester
):
    html, _urls = typed_by_a_user(listening_server.port)
    programme.description = html
    programme.save()

    document, _ = settle(ask(requester, programme))

    assert document.status == DocumentStatus.READY
    assert listening_server.received == []
    text = pdf_text(pdf_of(document))
    assert "Our plan for the year" in text
    assert "root:" not in text
    hostname = Path("/etc/hostname")
    if hostname.exists() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in text


# --- Idempotency -----------------------------------------------------------------------------


def test_asking_twice_while_queued_returns_the_same_document(db, programme, requester):
    # Without the on-commit callbacks run, the first request stays queued.
    first = ask(requester, programme)
    second = ask(requester, programme)
    someone_else = ask(factories.coordinator(programme=programme), programme)

    assert second.pk == first.pk
    assert someone_else.pk != first.pk
    assert GeneratedDocument.objects.count() == 2


def test_asking_again_once_ready_makes_a_new_document(
    db, django_capture_on_commit_callbacks, programme, requester
):
    with django_capture_on_commit_callbacks(execute=True):
        first = ask(requester, programme)

    with django_capture_on_commit_callbacks(execute=True):
        second = ask(requester, programme)

    first.refresh_from_db()
    second.refresh_from_db()
    assert second.pk != first.pk
    assert [first.status, second.status] == [DocumentStatus.READY, DocumentStatus.READY]


def test_running_the_task_twice_makes_one_file(db, programme, requester):
    document = ask(requester, programme)  # queued: its on-commit message is not sent here

    first = render_document.delay(document_id=document.pk).get()
    document.refresh_from_db()
    name = document.file.name
    second = render_document.delay(document_id=document.pk).get()

    document.refresh_from_db()
    assert (first, second) == ("ready", "skipped")
    assert document.file.name == name
    assert document.attempts == 1
    assert stored_files() == [Path(settings.MEDIA_ROOT) / name]
    assert GeneratedDocument.objects.count() == 1


def test_rendering_a_row_again_replaces_its_file(db, programme, requester):
    document = ask(requester, programme)
    render_document.delay(document_id=document.pk).get()
    document.refresh_from_db()
    name = document.file.name
    # As the sweep leaves a row whose worker died after storing the file.
    GeneratedDocument.objects.filter(pk=document.pk).update(status=DocumentStatus.QUEUED)

    assert render_document.delay(document_id=document.pk).get() == "ready"

    document.refresh_from_db()
    assert document.file.name == name
    assert stored_files() == [Path(settings.MEDIA_ROOT) / name]


# --- The sweep -------------------------------------------------------------------------------


def _rendering_since(
    document: GeneratedDocument, *, seconds: int, attempts: int, seen: int | None = None
) -> None:
    """The document rendering for `seconds`, its render last heard from `seen` seconds ago (as
    long ago as it started when not given)."""
    now = timezone.now()
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RENDERING,
        task_id="a-worker-that-died",
        attempts=attempts,
        rendering_started_at=now - timedelta(seconds=seconds),
        rendering_seen_at=now - timedelta(seconds=seconds if seen is None else seen),
    )


def test_a_render_not_heard_from_is_given_to_another_worker_long_before_its_time_limit(
    db, django_capture_on_commit_callbacks, programme, requester
):
    """Its worker died: its heartbeat stopped. Found after DOCUMENTS_STUCK_AFTER_SECONDS, not
    after the render's time limit (about four minutes, when this was measured in issue 17)."""
    document = ask(requester, programme)
    _rendering_since(document, seconds=settings.DOCUMENTS_STUCK_AFTER_SECONDS + 5, attempts=1)
    assert settings.DOCUMENTS_STUCK_AFTER_SECONDS + 5 < settings.DOCUMENTS_RENDER_TIME_LIMIT

    with django_capture_on_commit_callbacks(execute=True):
        counts = sweep_documents.delay().get()

    document.refresh_from_db()
    assert counts == {"queued_again": 1, "failed": 0}
    assert (document.status, document.attempts) == (DocumentStatus.READY, 2)


def test_a_long_render_still_heard_from_is_left_to_its_worker(
    db, django_capture_on_commit_callbacks, programme, requester
):
    document = ask(requester, programme)
    _rendering_since(
        document, seconds=settings.DOCUMENTS_RENDER_TIME_LIMIT - 10, attempts=1, seen=2
    )

    with django_capture_on_commit_callbacks(execute=True):
        counts = sweep_documents.delay().get()
        # A second message for it (a redelivery) leaves it alone too.
        assert render_document.delay(document_id=document.pk).get() == "skipped"

    document.refresh_from_db()
    assert counts == {"queued_again": 0, "failed": 0}
    assert (document.status, document.task_id) == (DocumentStatus.RENDERING, "a-worker-that-died")


def test_the_sweeps_have_a_queue_of_their_own_and_the_broker_gives_back_a_dead_workers_task():
    """A backlog of renders or emails never delays recovery; a message a dead worker held
    returns after the longest a task may run, not Redis's default hour."""
    routes = settings.CELERY_TASK_ROUTES
    assert routes["documents.tasks.sweep_documents"] == {"queue": "sweeps"}
    assert routes["core.tasks.deliver_outbox"] == {"queue": "sweeps"}
    assert {queue.name for queue in settings.CELERY_TASK_QUEUES} == {"celery", "sweeps"}
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert timeout > settings.CELERY_TASK_TIME_LIMIT
    assert timeout > settings.DOCUMENTS_RENDER_TIME_LIMIT
    assert timeout < 60 * 60


def test_sweep_renders_documents_whose_worker_died(
    db, django_capture_on_commit_callbacks, programme, requester
):
    document = ask(requester, programme)
    _rendering_since(document, seconds=settings.DOCUMENTS_RENDER_TIME_LIMIT + 120, attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        counts = sweep_documents.delay().get()

    document.refresh_from_db()
    assert counts == {"queued_again": 1, "failed": 0}
    assert document.status == DocumentStatus.READY
    assert document.attempts == 2


def test_sweep_fails_documents_that_used_all_their_attempts(
    db, django_capture_on_commit_callbacks, programme, requester
):
    document = ask(requester, programme)
    _rendering_since(
        document,
        seconds=settings.DOCUMENTS_RENDER_TIME_LIMIT + 120,
        attempts=settings.DOCUMENTS_MAX_ATTEMPTS,
    )

    with django_capture_on_commit_callbacks(execute=True):
        counts = sweep_documents.delay().get()

    document.refresh_from_db()
    assert counts == {"queued_again": 0, "failed": 1}
    assert document.status == DocumentStatus.FAILED
    assert document.error.startswith("We tried to make this document several times")


def test_sweep_leaves_documents_that_are_on_their_way(
    db, django_capture_on_commit_callbacks, programme, requester
):
    queued = ask(requester, programme)  # just now
    rendering = ask(factories.coordinator(programme=programme), programme)
    _rendering_since(rendering, seconds=10, attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        counts = sweep_documents.delay().get()

    assert counts == {"queued_again": 0, "failed": 0}
    assert list(
        GeneratedDocument.objects.filter(pk__in=[queued.pk, rendering.pk])
        .order_by("pk")
        .values_list("status", flat=True)
    ) == [DocumentStatus.QUEUED, DocumentStatus.RENDERING]


# --- Pages -----------------------------------------------------------------------------------


def test_page_polls_while_the_document_is_being_prepared(db, client, programme, requester):
    document = ask(requester, programme)
    client.force_login(requester)

    response = client.get(reverse("documents:document", args=[document.pk]))

    page = response.content.decode()
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert "Your document is being prepared" in page
    status_url = reverse("documents:document_status", args=[document.pk])
    assert f'hx-get="{status_url}" hx-trigger="every 2s" hx-swap="outerHTML"' in page
    assert f'<script src="/static/build/htmx.min.js" nonce="{nonce}"></script>' in page
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false' in page
    assert f'href="{reverse("documents:document", args=[document.pk])}">Check again</a>' in page
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_status_part_stops_polling_once_ready(
    db, django_capture_on_commit_callbacks, client, programme, requester
):
    document = ask(requester, programme)
    client.force_login(requester)
    status_url = reverse("documents:document_status", args=[document.pk])
    polling = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    render_document.delay(document_id=document.pk).get()
    document.refresh_from_db()

    ready = client.get(status_url, headers={"HX-Request": "true"}).content.decode()

    assert polling.strip().startswith('<div id="document-status" hx-get=')
    assert "<html" not in polling
    assert ready.strip().startswith('<div id="document-status">')
    assert "hx-trigger" not in ready
    download_url = reverse("documents:document_download", args=[document.pk])
    size = filesizeformat(document.size)
    assert f'<a class="govuk-link" href="{download_url}" download>' in ready
    assert f"Download Programme summary 2025 to 2026 (PDF, {size})" in ready
    assert size.endswith("KB")


def test_ready_page_offers_the_download_without_htmx(db, client, programme, requester):
    document = ask(requester, programme)
    render_document.delay(document_id=document.pk).get()
    client.force_login(requester)

    page = client.get(reverse("documents:document", args=[document.pk])).content.decode()

    assert "Your document is ready" in page
    assert "htmx" not in page


def test_download_is_a_private_attachment_named_by_the_title(db, client, programme, requester):
    document = document_request(
        kind=SUMMARY,
        subject=programme,
        requested_by=requester,
        title='Board pack: "March" 2026/27',
        programme=programme,
    )
    render_document.delay(document_id=document.pk).get()
    client.force_login(requester)

    response = client.get(reverse("documents:document_download", args=[document.pk]))

    body = b"".join(response.streaming_content)
    response.close()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Board pack March 2026 27.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert body.startswith(b"%PDF-1.7")


def test_download_of_a_document_not_ready_is_not_found(db, client, programme, requester):
    document = ask(requester, programme)
    client.force_login(requester)

    response = client.get(reverse("documents:document_download", args=[document.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("url_name", ["documents:document", "documents:document_status"])
def test_pages_are_not_found_for_someone_can_view_refuses(
    db, client, programme, requester, url_name
):
    document = ask(requester, programme)
    # A coordinator of the same programme: this kind lets only its requester see it.
    client.force_login(factories.coordinator(programme=programme))

    refused = client.get(reverse(url_name, args=[document.pk]))
    client.force_login(requester)
    allowed = client.get(reverse(url_name, args=[document.pk]))

    assert (refused.status_code, allowed.status_code) == (404, 200)


def test_download_is_not_found_for_someone_can_view_refuses(db, client, programme, requester):
    document = ask(requester, programme)
    render_document.delay(document_id=document.pk).get()
    url = reverse("documents:document_download", args=[document.pk])
    client.force_login(factories.coordinator(programme=programme))

    refused = client.get(url)
    client.force_login(requester)
    allowed = client.get(url)
    allowed.close()

    assert (refused.status_code, allowed.status_code) == (404, 200)


def test_pages_ask_people_signed_out_to_sign_in(db, client, programme, requester):
    document = ask(requester, programme)

    response = client.get(reverse("documents:document", args=[document.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
