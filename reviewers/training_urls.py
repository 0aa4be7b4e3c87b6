from django.urls import path

from . import training_views as views

app_name = "training"

urlpatterns = [
    path("", views.course_list, name="courses"),
    path("programmes/<int:programme_pk>/", views.programme_courses, name="programme_courses"),
    path("courses/new/", views.course_new, name="course_new"),
    path("courses/<int:course_pk>/", views.course_detail, name="course"),
    path("courses/<int:course_pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:course_pk>/remove/", views.course_remove, name="course_remove"),
    path("courses/<int:course_pk>/sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/invite/", views.session_invite, name="invite"),
    path("sessions/<int:pk>/book/", views.booking_new, name="book"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path(
        "sessions/<int:pk>/bookings/<int:booking_pk>/cancel/", views.booking_cancel, name="cancel"
    ),
]
