"""One policy vocabulary (issue 14 point 2): each app registers its permission functions; pages, the API and the
templates ask accounts.policy.can()."""
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from accounts import policy
from tests.filings.helpers import submitted_filing

pytestmark = pytest.mark.django_db


def test_every_app_registers_its_actions():
    assert {"filing.edit", "filing.decide", "filing.withdraw", "holiday.edit", "institution.rate",
            "institution.inspect", "visit.log", "order.answer", "order.verify", "checklist.copy", "checklist.edit",
            "complaint.act", "complaint.list", "standard.read", "standard.set"} \
        <= set(policy.actions())
    with pytest.raises(ValueError):
        policy.register({"filing.edit": lambda user, obj: True})  # a name belongs to one rule
    with pytest.raises(KeyError):
        policy.can(None, "filing.fly")


def test_the_rules_answer_for_each_user(users):
    filing = submitted_filing(users["operator_a"])
    assert policy.can(users["operator_a"], "filing.withdraw", filing)
    assert not policy.can(users["operator_b"], "filing.withdraw", filing)
    assert policy.can(users["reviewer_a"], "filing.decide", filing)
    assert not policy.can(users["viewer_a"], "filing.decide", filing)
    assert policy.can(users["national_admin"], "holiday.edit") and not policy.can(users["city_admin"], "holiday.edit")
    assert policy.can(users["province_admin"], "standard.set", "13")
    assert not policy.can(users["province_admin"], "standard.set", "37")
    users["reviewer_a"].is_active = False
    assert not policy.can(users["reviewer_a"], "filing.decide", filing)


def test_the_template_tag_and_the_page_offer_only_what_is_allowed(client, users):
    filing = submitted_filing(users["operator_a"])
    template = Template('{% load policy %}{% can "filing.decide" filing as ok %}{{ ok|yesno:"yes,no" }}')
    request = RequestFactory().get("/")
    for name, expected in (("reviewer_a", "yes"), ("reviewer_b", "no"), ("operator_a", "no")):
        request.user = users[name]
        assert template.render(Context({"request": request, "filing": filing})) == expected
    url = reverse("filings:detail", args=[filing.pk])
    client.force_login(users["reviewer_a"])
    assert 'id="approve-button"' in client.get(url).content.decode()
    client.force_login(users["viewer_a"])
    assert 'id="approve-button"' not in client.get(url).content.decode()
    client.force_login(users["operator_a"])
    page = client.get(url).content.decode()
    assert 'id="withdraw-button"' in page and 'id="approve-button"' not in page
