from django.contrib import admin

from core.admin_base import LargeListAdmin
from regions.selectors import regions_by_code

from .models import CapacityRecord, Institution, NurseryClass


class CapacityRecordInline(admin.TabularInline):
    model = CapacityRecord
    extra = 0
    readonly_fields = ["effective_from", "effective_to", "slots", "enrolled", "source", "created_by", "created_at"]
    can_delete = False


class NurseryClassInline(admin.TabularInline):
    model = NurseryClass
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(LargeListAdmin):
    list_display = ["name", "credit_code", "region", "operating_model", "filing_state", "filing_number", "star_rating"]
    list_filter = ["filing_state", "operating_model", "nature", "inclusive", "pilot_level"]
    search_fields = ["name", "credit_code", "filing_number"]
    raw_id_fields = ["region", "operators"]
    # The region column's regions come from the regions cache (attach_related), not a join: joining the regions
    # table to every row tripled the cost of a page's query on PostgreSQL (planning, and a merge join over the
    # offset's rows).
    list_select_related = ()
    inlines = [CapacityRecordInline, NurseryClassInline]
    # At national scale (126,000 rows): a LargeListAdmin; the searches use the trigram indexes of migration 0005 on
    # PostgreSQL.
    # No bulk actions (the only one was "delete selected"): an institution leaves the register by deregistration,
    # with its history, never by deletion; and the checkbox column cost a widget render per row.
    actions = None
    # No "return to the filtered list" after a save: it resolved the change URL of every row again (a tenth of
    # the page's time). The clerks' filtered list is the portal's 机构管理 page; the admin is for corrections.
    preserve_filters = False

    def attach_related(self, request, rows):
        regions = regions_by_code(row.region_id for row in rows)
        for row in rows:
            if row.region_id in regions:
                Institution.region.field.set_cached_value(row, regions[row.region_id])
