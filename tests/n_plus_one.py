"""django-zeal's N+1 detector for every request the tests make, except the Django admin's
own pages: its delete confirmation and history views render related rows one by one, which
is Django's code, not ours. Our admin list pages are held to query-count tests instead."""

from zeal import zeal_context


def zeal_outside_admin_middleware(get_response):
    def middleware(request):
        if request.path.startswith("/admin/"):
            return get_response(request)
        with zeal_context():
            return get_response(request)

    return middleware
