from django.http import HttpResponse


def challenge_list(request):  # replaced by the challenge pages
    return HttpResponse(status=404)
