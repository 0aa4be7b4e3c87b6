"""Admin pages for coordinators' housekeeping: people, organisations, programmes and
memberships, with search, filters, useful columns and the change history of each row."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Organisation, Programme, Region, User
from .rules import coordinated_programme_ids
from .selectors import programmes_coordinated
from .services import user_send_invitation

# Rights come from memberships, not Django's groups: keep groups out of the way.
admin.site.unregister(Group)


class RulesHistoryAdmin(ObjectPermissionsModelAdminMixin, SimpleHistoryAdmin):
    """Per-object permissions from `rules`, and a History page showing who changed what."""

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm("accounts.use_admin")


class OwnProgrammesAdmin(RulesHistoryAdmin):
    """For a programme's own data (its offers, cycles, pools...): a coordinator files new rows
    under the programmes they coordinate only."""

    list_select_related = ["programme"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "programme":
            kwargs["queryset"] = programmes_coordinated(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipInline(admin.TabularInline):
    """A person's roles, shown on their page. Coordinators change roles on the memberships
    page, where each is checked against the coordinator's own programmes."""

    model = Membership
    extra = 0
    fields = ["role", "programme", "organisation"]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("accounts.view_membership")

    def has_add_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("programme", "organisation")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "nation"]
    list_filter = ["nation"]
    search_fields = ["name", "code"]

    def has_view_permission(self, request, obj=None) -> bool:
        # Coordinators need regions to search organisations by; only superusers change them.
        return request.user.has_perm("accounts.use_admin")


@admin.register(Organisation)
class OrganisationAdmin(RulesHistoryAdmin):
    list_display = ["name", "kind", "region", "email", "is_active"]
    list_filter = ["kind", "region", "is_active"]
    search_fields = ["name", "email"]
    list_select_related = ["region"]
    ordering = ["name"]


@admin.register(Programme)
class ProgrammeAdmin(RulesHistoryAdmin):
    list_display = ["name", "short_name", "scope", "region", "is_active"]
    list_filter = ["scope", "region", "is_active"]
    search_fields = ["name", "short_name"]
    list_select_related = ["region"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Membership)
class MembershipAdmin(RulesHistoryAdmin):
    list_display = ["user", "user_email", "role", "programme", "organisation", "created_at"]
    list_filter = ["role", "programme", "organisation__region", "organisation__kind"]
    search_fields = ["user__full_name", "user__email", "organisation__name", "programme__name"]
    list_select_related = ["user", "programme", "organisation"]
    autocomplete_fields = ["user", "organisation"]
    date_hierarchy = "created_at"

    @admin.display(description=_("email address"), ordering="user__email")
    def user_email(self, membership: Membership) -> str:
        return membership.user.email

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        """A coordinator sees the memberships of their own programmes and the service roles
        held in organisations; a superuser sees everything."""
        queryset = super().get_queryset(request)
        coordinated = coordinated_programme_ids(request.user)
        if coordinated is None:
            return queryset
        return queryset.filter(programme__in=coordinated) | queryset.filter(programme__isnull=True)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "programme":
            kwargs["queryset"] = programmes_coordinated(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(ObjectPermissionsModelAdminMixin, DjangoUserAdmin, SimpleHistoryAdmin):
    """People. Coordinators add people and see their roles; only superusers grant staff or
    superuser status. A person added here is emailed a link to choose their password."""

    list_display = ["full_name", "email", "job_title", "is_active", "last_login"]
    list_filter = ["is_active", "memberships__role", "memberships__programme"]
    search_fields = ["full_name", "email", "job_title"]
    ordering = ["full_name"]
    inlines = [MembershipInline]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "job_title", "phone", "is_active"]}),
        (_("Sign-in"), {"fields": ["last_login", "date_joined"]}),
    ]
    superuser_fieldsets = [
        *fieldsets,
        (_("Technical staff"), {"fields": ["is_staff", "is_superuser", "password"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "job_title"]}),
    ]

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm("accounts.use_admin")

    def get_readonly_fields(self, request, obj=None):
        """A person's sign-in address is changed by them (or by technical staff): whoever
        controls it controls the account."""
        if obj is not None and not request.user.is_superuser:
            return [*self.readonly_fields, "email"]
        return self.readonly_fields

    def get_inlines(self, request, obj):
        # Roles are given once the person exists.
        return self.inlines if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        return self.superuser_fieldsets if request.user.is_superuser else self.fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["fields"] = ["email", "full_name", "job_title"]
            return admin.ModelAdmin.get_form(self, request, obj, **kwargs)
        return super().get_form(request, obj, **kwargs)

    def user_change_password(self, request, id, form_url=""):
        """Setting someone's password directly is for superusers; everyone else uses the
        emailed reset link."""
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj: User, form, change: bool) -> None:
        if not change:
            obj.email = obj.email.lower()
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if not change:
            user_send_invitation(
                user=obj, invited_by=request.user, base_url=request.build_absolute_uri("/")
            )
            messages.info(
                request,
                _("We have emailed %(email)s a link to choose a password.") % {"email": obj.email},
            )
