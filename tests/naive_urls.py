"""A deliberately naive page, used only to prove the N+1 detector catches one."""

from django.http import HttpResponse
from django.urls import path

from accounts.models import Membership


def naive_memberships(request):
    names = [membership.user.full_name for membership in Membership.objects.all()]
    return HttpResponse(", ".join(names))


def joined_memberships(request):
    memberships = Membership.objects.select_related("user")
    return HttpResponse(", ".join(membership.user.full_name for membership in memberships))


urlpatterns = [
    path("naive/", naive_memberships),
    path("joined/", joined_memberships),
]
