"""The navbar's links are a cached fragment (templates/base.html, the "fragments" cache in process memory): whatever
was rendered before in the same process, each user sees the links of their own role, rights, language and page."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav(client, url="/notifications/", language="zh-hans"):
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return html.split('id="mainnav"')[1].split('<form class="d-flex me-2"')[0]


def test_each_user_sees_the_links_of_their_own_role_language_and_page(client, users):
    client.force_login(users["operator_a"])
    operator = nav(client)
    assert "我的机构" in operator and 'id="nav-monthly"' in operator and "统计分析" not in operator
    client.force_login(users["admin_a"])
    admin = nav(client)
    assert "机构管理" in admin and "统计分析" in admin and 'id="nav-monthly"' not in admin
    assert reverse("imports:list") in admin and reverse("complaints:list") in admin  # a county admin's rights
    client.force_login(users["viewer_a"])
    viewer = nav(client)
    assert "统计分析" in viewer and reverse("imports:list") not in viewer
    client.force_login(users["admin_a"])
    assert nav(client) == admin  # the same key, the same links
    english = nav(client, language="en")
    assert "Statistics" in english or "statistics" in english.lower()
    assert "统计分析" not in english
    # The active item follows the page.
    filings = nav(client, url=reverse("filings:list"))
    assert 'nav-link active" href="/filings/"' in filings and 'nav-link active" href="/filings/"' not in admin
    client.logout()
    anonymous = nav(client, url=reverse("institutions:directory"))
    assert 'id="nav-complaint"' in anonymous and "机构管理" not in anonymous


def test_the_user_menu_follows_the_users_rights(client, users):
    client.force_login(users["admin_a"])
    admin = client.get("/notifications/").content.decode()
    client.force_login(users["reviewer_a"])
    reviewer = client.get("/notifications/").content.decode()
    assert reverse("accounts:audit_log") in admin and reverse("accounts:audit_log") not in reviewer
    assert reverse("accounts:password_change") in reviewer
