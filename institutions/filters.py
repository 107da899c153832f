"""One FilterSet for institutions, shared by the public directory, staff pages and the API."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import BootstrapFilterForm, PortalFilterSet
from regions.filters import RegionCascadeFilter

from .models import FilingState, Institution, Nature, OperatingModel, PilotLevel, ServiceType
from .selectors import latest_vacancies
from .validators import normalise_credit_code

ALL = _("全部")
BOOLEAN_CHOICES = (("", ALL), ("true", _("是")), ("false", _("否")))
STAR_CHOICES = [(str(n), "★" * n) for n in range(1, 6)]




class InstitutionFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("名称或统一社会信用代码"))
    region = RegionCascadeFilter(field_name="region", required=False, label=_("所在区划"))
    operating_model = django_filters.ChoiceFilter(choices=OperatingModel.choices, empty_label=ALL, label=_("办托模式"))
    nature = django_filters.ChoiceFilter(choices=Nature.choices, empty_label=ALL, label=_("性质"))
    inclusive = django_filters.TypedChoiceFilter(
        choices=BOOLEAN_CHOICES, coerce=lambda v: v == "true", label=_("普惠"))
    pilot_level = django_filters.ChoiceFilter(choices=PilotLevel.choices, empty_label=ALL, label=_("试点级别"))
    star_rating = django_filters.ChoiceFilter(choices=STAR_CHOICES, empty_label=ALL, label=_("星级"))
    service_type = django_filters.ChoiceFilter(
        choices=ServiceType.choices, empty_label=ALL, method="filter_service_type", label=_("服务类型"))
    has_vacancy = django_filters.ChoiceFilter(
        choices=(("yes", _("有空位")),), empty_label=ALL, method="filter_has_vacancy", label=_("空位"),
        help_text=_("按机构最近的月报（上月或前一月）"))

    class Meta:
        model = Institution
        form = BootstrapFilterForm
        fields = ["q", "region", "operating_model", "nature", "inclusive", "pilot_level", "star_rating",
                  "service_type", "has_vacancy"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # Codes are stored normalised (upper case, half-width): an exact match uses the unique index, and the
        # name's icontains a trigram index on PostgreSQL (institutions/migrations/0005).
        return queryset.filter(Q(name__icontains=value) | Q(credit_code=normalise_credit_code(value)))

    def filter_has_vacancy(self, queryset, name, value):
        """Institutions whose latest current monthly report leaves a place (institutions.selectors)."""
        if value != "yes":
            return queryset
        return queryset.annotate(latest_vacancies=latest_vacancies()).filter(latest_vacancies__gt=0)

    def filter_service_type(self, queryset, name, value):
        # Stored as a JSON list; a quoted substring match works on SQLite and PostgreSQL alike.
        return queryset.filter(service_types__icontains=f'"{value}"') if value else queryset


class StaffInstitutionFilter(InstitutionFilter):
    """Staff filters: the region picker starts at the user's own region and cannot leave it."""

    filing_state = django_filters.ChoiceFilter(choices=FilingState.choices, empty_label=ALL, label=_("备案状态"))

    class Meta(InstitutionFilter.Meta):
        fields = [*InstitutionFilter.Meta.fields, "filing_state"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated and user.scope_code:
            self.form.fields["region"].root = user.scope_code
