from django.contrib import admin

from .models import Region, RegionPopulation, SlotTarget


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    # "^code" is a prefix match: searching 1301 lists 石家庄市 and everything in its scope.
    search_fields = ["^code", "name"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]
    ordering = ["code"]


class _RegionYearAdmin(admin.ModelAdmin):
    list_filter = ["year"]
    search_fields = ["^region__code", "region__name"]
    raw_id_fields = ["region"]
    list_select_related = ["region"]
    readonly_fields = ["updated_at"]


@admin.register(RegionPopulation)
class RegionPopulationAdmin(_RegionYearAdmin):
    list_display = ["region", "year", "population", "updated_at"]


@admin.register(SlotTarget)
class SlotTargetAdmin(_RegionYearAdmin):
    list_display = ["region", "year", "new_slots_target", "updated_at"]
