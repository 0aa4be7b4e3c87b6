"""A programme's comparator families (a set-up section), under
/programmes/<programme_pk>/comparator-families/."""

from django.urls import path

from . import family_views

app_name = "performance_families"

urlpatterns = [
    path("", family_views.family_list, name="families"),
    path("new/", family_views.family_new, name="family_new"),
    path("<int:pk>/", family_views.family_edit, name="family"),
    path("<int:pk>/delete/", family_views.family_delete, name="family_delete"),
]
