"""A programme's matching weights, a set-up section. Included under
`programmes/<int:programme_pk>/matching/`, so the view takes `programme_pk`."""

from django.urls import path

from . import matcher_views as views

app_name = "matching"

urlpatterns = [
    path("", views.weights, name="weights"),
]
