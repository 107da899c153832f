from django.contrib import admin

from core.admin_base import ReadOnlyAdmin

from .models import Standard


@admin.register(Standard)
class StandardAdmin(ReadOnlyAdmin):
    """Rules are set on /standards/ (audited); the admin only shows them."""
    list_display = ("key", "province_code", "value", "valid_from", "basis", "created_by")
    list_filter = ("province_code",)
