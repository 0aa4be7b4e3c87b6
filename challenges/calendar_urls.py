"""/calendar/: a person's challenges and milestones, the programme view, and the ICS feed."""

from django.urls import path, re_path

from . import calendar_views as views

app_name = "calendar"

urlpatterns = [
    path("", views.calendar_month, name="month"),
    path("list/", views.calendar_list, name="list"),
    path("programme/<int:programme_pk>/", views.calendar_programme, name="programme"),
    path("feed/", views.feed, name="feed"),
    path("feed/replace/", views.feed_replace, name="feed_replace"),
    # The secret address: secrets.token_urlsafe's alphabet, as long as the column allows.
    re_path(r"^(?P<token>[A-Za-z0-9_-]{1,64})\.ics$", views.feed_ics, name="ics"),
]
