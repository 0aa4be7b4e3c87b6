import pytest
from django.urls import reverse

from peerreview.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_broker_and_storage(client, settings):
    response = client.get(reverse("core:healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["storage"] == "ok"
    assert body["checks"]["broker"] == "eager"


def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.HEALTHZ_BROKER_TIMEOUT = 0.5
    original = (celery_app.conf.broker_url, celery_app.conf.broker_write_url)
    celery_app.conf.broker_url = celery_app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get(reverse("core:healthz"))
    finally:
        celery_app.conf.broker_url, celery_app.conf.broker_write_url = original

    assert response.status_code == 503
    assert response.json() == {
        "status": "down",
        "checks": {"database": "ok", "broker": "down", "storage": "ok"},
    }


def test_healthz_is_not_cached(client):
    response = client.get(reverse("core:healthz"))

    assert "no-cache" in response["Cache-Control"]
