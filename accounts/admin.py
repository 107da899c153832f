from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, User
from .services import ROLE_SCOPE_FIELDS


class SetByAdminPasswordForm(AdminPasswordChangeForm):
    """A password an admin sets in /admin/ is the holder's to change at the next log-in (docs/security.md)."""

    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = True
        if commit:
            user.save()
        return user


class NewUserForm(AdminUserCreationForm):
    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = True
        if commit:
            user.save()
            if hasattr(self, "save_m2m"):
                self.save_m2m()
        return user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = SetByAdminPasswordForm
    add_form = NewUserForm
    list_display = ["username", "display_name", "role", "region", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "display_name", "region__code", "region__name"]
    raw_id_fields = ["region"]
    fieldsets = [*BaseUserAdmin.fieldsets, (_("门户角色"), {"fields": ["role", "region", "display_name", "phone"]})]

    # Separation of duties: nobody changes their own role, scope or powers here (another admin does).
    OWN_LOCKED = ("role", "region", "is_superuser", "is_staff", "groups", "user_permissions", "is_active")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += [name for name in self.OWN_LOCKED if name not in fields]
        return fields

    def save_model(self, request, obj, form, change):
        """Every change of role, scope or standing made here is audited with before and after."""
        from .services import user_role_scope_record

        before = None
        if change:
            stored = type(obj).objects.filter(pk=obj.pk).values(*ROLE_SCOPE_FIELDS).first()
            before = dict(stored) if stored else None
        super().save_model(request, obj, form, change)
        user_role_scope_record(user=obj, by=request.user, before=before)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "region_code", "summary_shown"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "region_code", "summary"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    @admin.display(description=AuditEvent._meta.get_field("summary").verbose_name)
    def summary_shown(self, obj):
        return obj.summary_text

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the audit log is append-only (accounts/audit_chain.py)
