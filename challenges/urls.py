from django.urls import include, path

from . import views

app_name = "challenges"

urlpatterns = [
    path("", views.challenge_list, name="list"),
    path("", include("challenges.matcher_urls")),
    path("", include("challenges.planner_urls")),
]
