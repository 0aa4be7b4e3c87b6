"""Whether to show the way to a service's dashboard, where those who follow a service's plans
look for it (templates/improvement/_service_dashboard_link.html)."""

from django import template

from improvement.dashboards import has_service_dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def service_dashboard_shown(context) -> bool:
    """Whether the user asking has a service's dashboard (dashboards.has_service_dashboard)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and has_service_dashboard(user)
