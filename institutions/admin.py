from django.contrib import admin

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
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "region", "operating_model", "filing_state", "filing_number", "star_rating"]
    list_filter = ["filing_state", "operating_model", "nature", "inclusive", "pilot_level"]
    search_fields = ["name", "credit_code", "filing_number"]
    raw_id_fields = ["region", "operators"]
    list_select_related = ["region"]
    inlines = [CapacityRecordInline, NurseryClassInline]
