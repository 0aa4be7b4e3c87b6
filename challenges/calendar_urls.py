"""/calendar/: a person's challenges and milestones, the programme view, and the ICS feed."""

app_name = "calendar"

urlpatterns: list = []
