"""Importing performance figures, under /performance/import/."""

from django.urls import path

from . import import_views

app_name = "performance_import"

urlpatterns = [
    path("", import_views.import_list, name="list"),
    path("new/", import_views.import_upload, name="upload"),
    path("<uuid:token>/", import_views.import_map, name="map"),
]
