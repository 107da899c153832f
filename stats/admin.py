from django.contrib import admin

from .models import RegionFigures


@admin.register(RegionFigures)
class RegionFiguresAdmin(admin.ModelAdmin):
    """Read-only: figures are only ever written by the rollup services."""

    list_display = ["region_code", "level", "year", "quarter", "as_of", "slots", "slots_per_1000",
                    "target_completion_pct", "rank", "computed_at"]
    list_filter = ["level", "year", "quarter"]
    search_fields = ["region_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
