"""Who keeps what (one definition, used by holidays, standards, checklists and inspection settings)."""
import pytest

pytestmark = pytest.mark.django_db


def test_national_and_province_admins(users, django_user_model):
    expected = {  # user: (admin_scope, is_national_admin, rules_province)
        "national_admin": ("", True, ""),
        "province_admin": ("13", False, "13"),
        "other_province_admin": ("37", False, "37"),
        "city_admin": ("1301", False, None),
        "admin_a": ("130102", False, None),
        "reviewer_a": (None, False, None),
        "operator_a": (None, False, None),
    }
    for name, values in expected.items():
        user = users[name]
        assert (user.admin_scope, user.is_national_admin, user.rules_province) == values, name
    superuser = django_user_model.objects.create_superuser("root", password="x" * 12)
    assert (superuser.admin_scope, superuser.is_national_admin, superuser.rules_province) == ("", True, "")
    users["province_admin"].is_active = False
    assert users["province_admin"].rules_province is None
