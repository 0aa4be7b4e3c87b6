from django.urls import path

from . import views

app_name = "selfassessment"

urlpatterns = [
    path("", views.index, name="index"),
    path("programmes/<int:programme_pk>/", views.rounds, name="rounds"),
    path("programmes/<int:programme_pk>/new/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/triads/", views.triads, name="triads"),
    path("rounds/<int:pk>/triads/confirm/", views.triads_confirm, name="triads_confirm"),
    path("<int:pk>/", views.assessment_detail, name="assessment"),
    path("<int:pk>/sections/<int:section_pk>/", views.section_edit, name="section"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/sections/<int:section_pk>/scrutiny/", views.scrutinise, name="scrutinise"),
    path("<int:pk>/questions/<int:note_pk>/answer/", views.answer_question, name="answer"),
]
