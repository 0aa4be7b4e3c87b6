"""Setting up a programme's reviewer pool: its eligibility rules. Included under
`programmes/<int:programme_pk>/eligibility/`, so every view takes `programme_pk`."""

from django.urls import path

from . import setup_views as views

app_name = "eligibility"

urlpatterns = [
    path("", views.rule_list, name="rules"),
    path("new/", views.rule_new, name="rule_new"),
    path("<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("<int:pk>/remove/", views.rule_remove, name="rule_remove"),
]
