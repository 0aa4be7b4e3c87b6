from django.urls import path

from . import setup_views as views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="programmes"),
    path("new/", views.programme_new, name="programme_new"),
    path("<int:pk>/", views.programme_detail, name="programme"),
    path("<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("<int:programme_pk>/people/", views.people, name="people"),
    path("<int:programme_pk>/people/add/", views.person_add, name="person_add"),
    path("<int:programme_pk>/people/<int:pk>/", views.person, name="person"),
    path("<int:programme_pk>/people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:programme_pk>/roles/<int:pk>/remove/", views.role_remove, name="role_remove"),
    path("<int:programme_pk>/organisations/", views.organisations, name="organisations"),
    path("<int:programme_pk>/organisations/add/", views.organisation_add, name="organisation_add"),
    path("<int:programme_pk>/organisations/new/", views.organisation_new, name="organisation_new"),
    path("<int:programme_pk>/organisations/<int:pk>/", views.organisation, name="organisation"),
    path(
        "<int:programme_pk>/organisations/<int:pk>/edit/",
        views.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "<int:programme_pk>/organisations/<int:pk>/remove/",
        views.organisation_remove,
        name="organisation_remove",
    ),
    path(
        "<int:programme_pk>/organisations/<int:pk>/people/add/",
        views.organisation_person_add,
        name="organisation_person_add",
    ),
    path(
        "<int:programme_pk>/organisations/<int:pk>/roles/<int:membership_pk>/remove/",
        views.organisation_role_remove,
        name="organisation_role_remove",
    ),
]
