"""Counting SQL queries, for the convention that every list or dashboard page runs the same
number of queries at 1 row and at many (tested at 1 and N)."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def queries_for_get(client: Client, url: str) -> int:
    """How many SQL queries one GET of `url` runs; fails if the page does not answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(captured.captured_queries)
