"""The cascading region picker: server rendering without JavaScript, reading the choice, validation."""
import django_filters
import pytest
from django import forms
from django.http import QueryDict

from institutions.models import Institution
from regions.filters import RegionCascadeFilter
from regions.forms import (
    MSG_REGION_OUT_OF_SCOPE,
    MSG_REGION_REQUIRED,
    MSG_REGION_TOO_DEEP,
    MSG_REGION_TOO_SHALLOW,
    MSG_REGION_UNKNOWN,
    RegionCascadeField,
    RegionCascadeWidget,
)
from regions.models import RegionLevel
from tests.factories import region


class InstitutionRegionForm(forms.Form):
    """Like a filing form: an institution's region is a county or a township."""

    name = forms.CharField()
    region = RegionCascadeField(min_level=RegionLevel.COUNTY)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["region"].root = user.scope_code


class DirectoryFilterForm(forms.Form):
    region = RegionCascadeField(required=False)


class InstitutionRegionFilter(django_filters.FilterSet):
    region = RegionCascadeFilter(label="所在区划")

    class Meta:
        model = Institution
        fields = ["region"]


def data(**values) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update(values)
    return query


def select_html(html: str, level: str) -> str:
    start = html.index(f'name="region_{level}"')
    return html[start:html.index("</select>", start)]


def options(html: str, level: str) -> list[str]:
    return [chunk.split('"')[0] for chunk in select_html(html, level).split('<option value="')[2:]]


@pytest.fixture
def many_regions(regions):
    """More provinces, cities, counties and townships: rendering must not query more because of them."""
    for province in range(41, 46):
        for city in range(1, 4):
            for county in range(1, 4):
                region(f"{province}{city:02d}{county:02d}001")
    for county in range(21, 40):
        region(f"1301{county}001")
    return regions


# --- rendering without JavaScript -------------------------------------------------------------------

@pytest.mark.django_db
def test_empty_picker_lists_provinces_and_leaves_deeper_selects_empty(regions):
    html = str(DirectoryFilterForm()["region"])
    assert options(html, "province") == ["13", "37"]
    for level in ("city", "county", "township"):
        assert options(html, level) == [] and "disabled" in select_html(html, level)
    assert '<input type="hidden" name="region" value=""' in html
    assert "全部" in html  # optional field: the blank choice means "all"
    for label in ("省", "市", "县(区)", "乡镇(街道)"):
        assert f">{label}</label>" in html


@pytest.mark.django_db
def test_choosing_a_province_and_submitting_shows_its_cities(regions):
    form = DirectoryFilterForm(data(region_province="13", region_city="", region_county="", region_township=""))
    assert form.is_valid() and form.cleaned_data["region"] == regions["province"]
    html = str(form["region"])
    assert 'value="13" selected' in html
    assert options(html, "city") == ["1301"]
    assert options(html, "county") == [] and options(html, "township") == []


@pytest.mark.django_db
def test_each_chosen_level_lists_the_children_of_the_one_above(regions):
    form = DirectoryFilterForm(data(region_province="13", region_city="1301", region_county="130102"))
    html = str(form["region"])
    assert options(html, "city") == ["1301"]
    assert options(html, "county") == ["130102", "130104"]
    assert options(html, "township") == ["130102001"]
    assert 'value="130102" selected' in html
    assert '<input type="hidden" name="region" value="130102"' in html


@pytest.mark.django_db
def test_choice_is_kept_after_a_validation_error(regions):
    form = InstitutionRegionForm(data(name="", region_province="13", region_city="1301", region_county="130104"))
    assert not form.is_valid() and "name" in form.errors and "region" not in form.errors
    html = str(form["region"])
    assert 'value="13" selected' in html and 'value="1301" selected' in html and 'value="130104" selected' in html


@pytest.mark.django_db
def test_too_shallow_choice_is_shown_with_the_next_level_to_pick(regions):
    form = InstitutionRegionForm(data(name="x", region_province="13", region_city="1301"))
    assert not form.is_valid()
    assert form.errors["region"] == [str(MSG_REGION_TOO_SHALLOW[RegionLevel.COUNTY])]
    html = str(form["region"])
    assert 'value="1301" selected' in html and options(html, "county") == ["130102", "130104"]
    assert "is-invalid" in html and "请选择" in html


@pytest.mark.django_db
def test_initial_region_renders_its_path(regions):
    html = str(InstitutionRegionForm(initial={"region": regions["township_a"]})["region"])
    for code in ("13", "1301", "130102", "130102001"):
        assert f'value="{code}" selected' in html


@pytest.mark.django_db
def test_root_confines_the_picker_below_it(regions, users):
    form = InstitutionRegionForm(user=users["reviewer_a"])  # county 130102
    html = str(form["region"])
    assert 'name="region_province"' not in html and 'name="region_county"' not in html
    assert options(html, "township") == ["130102001"]
    assert "管辖范围" in html and "长安区" in html
    assert '<input type="hidden" name="region" value="130102"' in html


@pytest.mark.django_db
def test_render_query_count_is_bounded(many_regions, django_assert_max_num_queries):
    form = DirectoryFilterForm(data(region_province="13", region_city="1301", region_county="130102",
                                    region_township="130102001"))
    with django_assert_max_num_queries(3):  # clean 1 + render 2
        assert form.is_valid()
        html = str(form["region"])
    assert len(options(html, "province")) == 7 and len(options(html, "county")) == 21


def test_media_loads_the_script_deferred():
    media = str(DirectoryFilterForm().media)
    assert 'src="/static/js/region-picker.js"' in media and "defer" in media


# --- reading the submitted choice -------------------------------------------------------------------

def test_deepest_chosen_select_wins():
    widget = RegionCascadeWidget()
    assert widget.value_from_datadict(
        data(region_province="13", region_city="1301", region_county="130102", region_township=""),
        {}, "region") == "130102"
    assert widget.value_from_datadict(
        data(region_province="13", region_city="1301", region_county="130102", region_township="130102001"),
        {}, "region") == "130102001"


def test_selects_win_over_a_stale_hidden_value():
    # Without JavaScript the hidden input still holds the value rendered last time.
    widget = RegionCascadeWidget()
    assert widget.value_from_datadict(data(region="370830", region_province="13"), {}, "region") == "13"
    assert widget.value_from_datadict(data(region="370830", region_province=""), {}, "region") == ""


def test_deeper_select_left_from_another_province_is_ignored():
    widget = RegionCascadeWidget()
    assert widget.value_from_datadict(
        data(region_province="13", region_city="3708", region_county="370830"), {}, "region") == "13"


def test_hidden_value_is_used_when_no_select_was_submitted():
    # A link such as /directory/?region=130102 (no selects in the query string).
    assert RegionCascadeWidget().value_from_datadict(data(region=" 130102 "), {}, "region") == "130102"


def test_root_widget_reads_only_the_selects_below_the_root():
    widget = RegionCascadeWidget(root="1301")
    assert widget.levels == [RegionLevel.COUNTY, RegionLevel.TOWNSHIP]
    assert widget.value_from_datadict(data(region_county="130104", region_township=""), {}, "region") == "130104"


def test_max_level_limits_the_selects():
    assert RegionCascadeWidget(max_level=RegionLevel.COUNTY).levels == ["province", "city", "county"]
    assert RegionCascadeField(max_level=RegionLevel.CITY).widget.levels == ["province", "city"]


# --- validation -----------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("code", ["99", "130199", "abc", "1301021", "13010200"])
def test_unknown_codes_are_rejected(regions, code):
    form = DirectoryFilterForm(data(region=code))
    assert not form.is_valid() and form.errors["region"] == [MSG_REGION_UNKNOWN]


@pytest.mark.django_db
def test_required_field_needs_a_choice(regions):
    form = InstitutionRegionForm(data(name="x", region_province=""))
    assert form.errors["region"] == [MSG_REGION_REQUIRED]


@pytest.mark.django_db
def test_out_of_root_code_is_rejected(regions, users):
    form = InstitutionRegionForm(data(name="x", region="130104"), user=users["reviewer_a"])
    assert form.errors["region"] == [MSG_REGION_OUT_OF_SCOPE]
    form = InstitutionRegionForm(data(name="x", region_township="370830001"), user=users["reviewer_a"])
    assert form.errors["region"] == [MSG_REGION_OUT_OF_SCOPE]


@pytest.mark.django_db
def test_nothing_chosen_below_the_root_means_the_root(regions, users):
    form = InstitutionRegionForm(data(name="x", region_township=""), user=users["reviewer_a"])
    assert form.is_valid() and form.cleaned_data["region"] == regions["county_a"]
    form = InstitutionRegionForm(data(name="x", region_county=""), user=users["city_admin"])
    assert form.errors["region"] == [str(MSG_REGION_TOO_SHALLOW[RegionLevel.COUNTY])]


@pytest.mark.django_db
def test_too_shallow_and_too_deep_levels_are_rejected(regions):
    form = InstitutionRegionForm(data(name="x", region="13"))
    assert form.errors["region"] == ["请选择到县级或乡镇"]

    class CountyOnly(forms.Form):
        region = RegionCascadeField(min_level=RegionLevel.COUNTY, max_level=RegionLevel.COUNTY)

    assert CountyOnly(data(region="130102001")).errors["region"] == [MSG_REGION_TOO_DEEP]
    assert CountyOnly(data(region="130102")).is_valid()


@pytest.mark.django_db
def test_optional_field_cleans_empty_to_none_and_a_code_to_the_region(regions):
    form = DirectoryFilterForm(data(region_province=""))
    assert form.is_valid() and form.cleaned_data["region"] is None
    form = DirectoryFilterForm(data(region="130102001"))
    assert form.is_valid() and form.cleaned_data["region"] == regions["township_a"]


def test_bad_configuration_is_refused():
    with pytest.raises(ValueError):
        RegionCascadeField(min_level="galaxy")
    with pytest.raises(ValueError):
        RegionCascadeField(min_level=RegionLevel.TOWNSHIP, max_level=RegionLevel.COUNTY)


def test_root_set_on_a_form_instance_does_not_leak_to_other_forms():
    first = InstitutionRegionForm()
    first.fields["region"].root = "130102"
    assert InstitutionRegionForm().fields["region"].root == ""
    assert InstitutionRegionForm().fields["region"].widget.root == ""


# --- in a django-filter FilterSet ---------------------------------------------------------------------

@pytest.mark.django_db
def test_cascade_filter_keeps_the_chosen_scope(institutions):
    filterset = InstitutionRegionFilter(data(region_province="13", region_city="1301", region_county="130104"),
                                        queryset=Institution.objects.all())
    assert filterset.is_valid()
    assert [i.name for i in filterset.qs] == ["桥西区童心托育中心"]
    everything = InstitutionRegionFilter(data(region_province=""), queryset=Institution.objects.all())
    assert everything.qs.count() == 3


@pytest.mark.django_db
def test_cascade_filter_confined_to_a_scope(institutions, users):
    filterset = InstitutionRegionFilter(data(region="370830"), queryset=Institution.objects.all())
    filterset.form.fields["region"].root = users["city_admin"].scope_code
    assert not filterset.is_valid() and filterset.errors["region"] == [MSG_REGION_OUT_OF_SCOPE]
