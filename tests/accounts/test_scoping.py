import pytest

from institutions.models import Institution


@pytest.mark.django_db
def test_county_reviewer_sees_only_own_county(users, institutions):
    visible = set(Institution.objects.visible_to(users["reviewer_a"]))
    assert visible == {institutions["a"]}


@pytest.mark.django_db
def test_city_admin_sees_all_counties_of_city_and_nothing_else(users, institutions):
    visible = set(Institution.objects.visible_to(users["city_admin"]))
    assert visible == {institutions["a"], institutions["b"]}


@pytest.mark.django_db
def test_national_admin_sees_everything(users, institutions):
    assert Institution.objects.visible_to(users["national_admin"]).count() == 3


@pytest.mark.django_db
def test_operator_sees_only_own_institutions(users, institutions):
    assert list(Institution.objects.visible_to(users["operator_a"])) == [institutions["a"]]


@pytest.mark.django_db
def test_inactive_or_anonymous_see_nothing(users, institutions):
    from django.contrib.auth.models import AnonymousUser
    user = users["city_admin"]
    user.is_active = False
    assert not Institution.objects.visible_to(user).exists()
    assert not Institution.objects.visible_to(AnonymousUser()).exists()


@pytest.mark.django_db
def test_reviewer_without_region_sees_nothing(users, institutions):
    user = users["reviewer_a"]
    user.region = None
    assert not Institution.objects.visible_to(user).exists()


@pytest.mark.django_db
def test_reviewer_must_have_a_region_and_operator_must_not(users, regions):
    from django.core.exceptions import ValidationError

    from accounts.models import MSG_OPERATOR_NO_REGION, MSG_REGION_REQUIRED

    reviewer = users["reviewer_a"]
    reviewer.region = None
    with pytest.raises(ValidationError) as info:
        reviewer.full_clean()
    assert info.value.message_dict["region"] == [MSG_REGION_REQUIRED]
    operator = users["operator_a"]
    operator.region = regions["county_a"]
    with pytest.raises(ValidationError) as info:
        operator.full_clean()
    assert info.value.message_dict["region"] == [MSG_OPERATOR_NO_REGION]
