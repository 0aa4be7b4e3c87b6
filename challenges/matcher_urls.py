"""The matcher's pages, in the challenges namespace (included by challenges/urls.py)."""

urlpatterns: list = []
