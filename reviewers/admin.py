"""Admin pages for technical staff: each programme's training courses and its eligibility rule
(the job roles that qualify for its pool). Coordinators set these up on the service's own
pages: the eligibility rules at /programmes/<pk>/eligibility/ (setup_views.py), courses on the
training pages (training_views.py). Sessions, bookings and people have their own pages and
stay out of the admin."""

from django.contrib import admin

from accounts.admin import OwnProgrammesAdmin

from .models import Course, EligibilityRule


@admin.register(Course)
class CourseAdmin(OwnProgrammesAdmin):
    list_display = ["name", "programme", "kind", "days", "is_active"]
    list_filter = ["programme", "kind", "is_active"]
    search_fields = ["name"]
    ordering = ["programme__name", "name"]


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(OwnProgrammesAdmin):
    list_display = ["job_role", "programme", "note"]
    list_filter = ["programme", "job_role"]
    ordering = ["programme__name", "job_role"]
