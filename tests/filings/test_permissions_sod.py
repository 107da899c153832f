"""Separation of duties (issue 15 point 5): the superuser keeps the system but never decides a filing, on the page,
the API or the service; a user cannot change their own role or scope in /admin/."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from filings import services
from filings.models import FilingStatus
from tests.factories import UserFactory
from tests.filings.helpers import submitted_filing

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_superuser_cannot_approve_a_filing(client, users):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    filing = submitted_filing(users["operator_a"])
    client.force_login(root)
    page = client.post(reverse("filings:decide", args=[filing.pk]), {"decision": "approve"})
    assert page.status_code in (403, 404)
    assert api(root).post(f"/api/v1/filings/{filing.pk}/approve/").status_code in (403, 404)
    with pytest.raises(services.FilingActionError, match="超级用户"):
        services.filing_approve(filing=filing, by=root)
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED
    # The county's reviewer does.
    assert api(users["reviewer_a"]).post(f"/api/v1/filings/{filing.pk}/approve/").status_code == 200


def test_nobody_changes_their_own_role_in_admin(client, users, regions):
    root = UserFactory(username="root", is_superuser=True, is_staff=True, role="admin")
    client.force_login(root)
    url = reverse("admin:accounts_user_change", args=[root.pk])
    page = client.get(url).content.decode()
    assert 'name="role"' not in page and 'name="is_superuser"' not in page  # shown read-only
    other = users["reviewer_a"]
    assert 'name="role"' in client.get(reverse("admin:accounts_user_change", args=[other.pk])).content.decode()


def test_a_password_set_in_admin_is_changed_at_the_next_log_in(client, users):
    root = UserFactory(username="root2", is_superuser=True, is_staff=True)
    client.force_login(root)
    target = users["inspector_a"]
    response = client.post(reverse("admin:auth_user_password_change", args=[target.pk]),
                           {"password1": "Set-By-Root-26", "password2": "Set-By-Root-26"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.must_change_password and target.check_password("Set-By-Root-26")
    assert client.get(reverse("admin:accounts_user_add")).status_code == 200
    created = client.post(reverse("admin:accounts_user_add"), {"username": "made_in_admin", "usable_password": "true",
                                                               "password1": "Qx-7-Lantern-Bay",
                                                               "password2": "Qx-7-Lantern-Bay"})
    assert created.status_code == 302
    from accounts.models import User

    assert User.objects.get(username="made_in_admin").must_change_password
