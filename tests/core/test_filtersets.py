"""core.filters.PortalFilterSet: django-filter's FilterSet with filters copied shallowly and the form class built
once (list pages at national scale, issue 12 point 14), still independent from one request to the next."""
import pytest

from institutions.filters import InstitutionFilter, StaffInstitutionFilter
from institutions.models import Institution
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def test_each_filterset_has_its_own_filters_and_form(regions):
    first = InstitutionFilter({"q": "阳光"}, queryset=Institution.objects.all())
    second = InstitutionFilter({"q": "童心"}, queryset=Institution.objects.all())
    assert first.filters["q"] is not second.filters["q"]
    assert first.filters["q"].parent is first and second.filters["q"].parent is second
    assert type(first.form) is type(second.form)  # the form class is built once
    assert first.form.fields["region"] is not second.form.fields["region"]
    first.form.fields["nature"].choices = [("x", "x")]  # a view changing its own form's field
    assert ("x", "x") not in list(second.form.fields["nature"].choices)
    assert ("x", "x") not in list(InstitutionFilter(queryset=Institution.objects.all()).form.fields["nature"].choices)
    assert InstitutionFilter.base_filters["q"].__dict__.get("parent") is None  # the class's filters untouched


def test_method_filters_run_on_their_own_filterset(regions):
    InstitutionFactory(name="长安区阳光托育园", region=regions["county_a"])
    InstitutionFactory(name="桥西区童心托育中心", region=regions["county_b"])
    names = {}
    for term in ("阳光", "童心"):
        filterset = InstitutionFilter({"q": term}, queryset=Institution.objects.all())
        assert filterset.is_valid()
        names[term] = [i.name for i in filterset.qs]
    assert names == {"阳光": ["长安区阳光托育园"], "童心": ["桥西区童心托育中心"]}


def test_a_subclass_keeps_its_own_form_and_a_staff_root(regions, users):
    class Request:
        user = users["admin_a"]

    staff = StaffInstitutionFilter({}, queryset=Institution.objects.all(), request=Request())
    public = InstitutionFilter({}, queryset=Institution.objects.all())
    assert "filing_state" in staff.form.fields and "filing_state" not in public.form.fields
    assert staff.form.fields["region"].root == "130102" and public.form.fields["region"].root == ""
    assert InstitutionFilter({}, queryset=Institution.objects.all()).form.fields["region"].root == ""
