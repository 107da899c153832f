"""Provincial checklist versions (issue 14 point 6): a province's admin copies a version into a draft of the
province, publishes it, and only that province's inspectors use it; other provinces keep the national version
and never see the provincial one (404)."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import AuditEvent, Role
from inspections import services
from inspections.models import ChecklistTemplate, Visit
from inspections.services.common import MSG_CHECKLIST_OTHER_PROVINCE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def detail(template):
    return reverse("inspections:checklist_detail", args=[template.pk])


@pytest.fixture
def hebei_quality(client, users, checklists):
    """The Hebei admin's copy of the national quality checklist, published through the page."""
    client.force_login(users["province_admin"])
    response = client.post(detail(checklists["quality"]), {"action": "copy"})
    assert response.status_code == 302
    draft = ChecklistTemplate.objects.get(province_code="13")
    assert draft.is_draft and draft.based_on == checklists["quality"] and draft.created_by == users["province_admin"]
    assert client.post(detail(draft), {"action": "edit", "title": "河北省托育机构质量评估表",
                                       "description": "省级质量评估标准"}).status_code == 302
    assert client.post(detail(draft), {"action": "publish"}).status_code == 302
    draft.refresh_from_db()
    assert draft.is_active and not draft.is_draft
    return draft


def test_a_province_version_is_used_by_its_inspectors_only(client, users, institutions, checklists, hebei_quality):
    national = checklists["quality"]
    national.refresh_from_db()
    assert national.is_active  # the national version stays active for everybody else
    hebei_visit = services.visit_start(institution=institutions["a"], type="quality", by=users["inspector_a"])
    assert hebei_visit.template == hebei_quality
    inspector_sd = UserFactory(username="inspector_sd", role=Role.INSPECTOR, region=institutions["other"].region)
    shandong_visit = services.visit_start(institution=institutions["other"], type="quality", by=inspector_sd)
    assert shandong_visit.template == national
    # Through the API, a Shandong inspector cannot pick the Hebei version.
    api = APIClient()
    api.force_authenticate(inspector_sd)
    refused = api.post("/api/v1/inspections/", {"institution": institutions["other"].pk, "type": "quality",
                                               "template": hebei_quality.pk}, format="json")
    assert refused.status_code == 409 and refused.json()["detail"] == str(MSG_CHECKLIST_OTHER_PROVINCE)
    assert Visit.objects.filter(institution=institutions["other"]).count() == 1
    # The visit form of a Shandong institution does not offer it.
    client.force_login(inspector_sd)
    page = client.get(reverse("inspections:visit_start", args=[institutions["other"].pk])).content.decode()
    assert "河北省托育机构质量评估表" not in page
    client.force_login(users["inspector_a"])
    page = client.get(reverse("inspections:visit_start", args=[institutions["a"].pk])).content.decode()
    assert "河北省托育机构质量评估表" in page


def test_other_provinces_do_not_see_it_and_province_admins_keep_only_their_own(client, users, checklists,
                                                                                hebei_quality):
    client.force_login(users["other_province_admin"])
    assert client.get(detail(hebei_quality)).status_code == 404
    assert "河北省托育机构质量评估表" not in client.get(reverse("inspections:checklist_list")).content.decode()
    # The Hebei admin sees both versions, edits only the province's.
    client.force_login(users["province_admin"])
    listing = client.get(reverse("inspections:checklist_list")).content.decode()
    assert "河北省托育机构质量评估表" in listing and 'id="province-checklists"' in listing
    national = checklists["quality"]
    assert client.post(detail(national), {"action": "publish"}).status_code == 403
    national_page = client.get(detail(national)).content.decode()
    assert 'id="copy-button"' in national_page and 'id="publish-button"' not in national_page
    # City admins, inspectors: read only.
    for who in ("city_admin", "inspector_a"):
        client.force_login(users[who])
        page = client.get(detail(hebei_quality))
        assert page.status_code == 200 and 'id="copy-button"' not in page.content.decode()
        assert client.post(detail(hebei_quality), {"action": "copy"}).status_code == 403
    # National admins see and keep every version; their copy of Hebei's stays Hebei's.
    client.force_login(users["national_admin"])
    assert client.post(detail(hebei_quality), {"action": "copy"}).status_code == 302
    assert ChecklistTemplate.objects.filter(province_code="13").count() == 2
    actions = set(AuditEvent.objects.filter(object_type="inspections.checklisttemplate")
                  .values_list("action", flat=True))
    assert {"checklist.copy", "checklist.publish"} <= actions
