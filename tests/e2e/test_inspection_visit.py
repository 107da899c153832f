"""A quality-assessment visit logged on a phone (390×844): the inspector starts it from the plan, answers item by
item (each tap saved at once), loses the connection for one tap (told so, nothing saved), reloads midway and
finds every earlier answer kept, finishes and sees the grade.

Screenshots: inspection-plan-phone.png, inspection-visit-phone.png, inspection-result-phone.png.
"""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Role
from inspections.models import Answer, Visit, VisitStatus
from inspections.seed import seed_checklists
from tests.e2e.helpers import log_in
from tests.factories import InstitutionFactory, UserFactory, region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
NOT_MET_INDEX = 6   # 办托条件, item 7: 10 points → 990 of 1,000, grade A
NOTE = "部分玩具边角破损，已要求更换"


@pytest.fixture
def setting():
    seed_checklists()   # transactional tests flush the rows the data migration created
    region("13", "河北省"), region("1301", "石家庄市")
    county = region("130102", "长安区")
    institution = InstitutionFactory(name="长安区阳光托育园", region=county)
    UserFactory(username="insp_e2e", role=Role.INSPECTOR, region=county, display_name="赵监督")
    return institution


def answer(page, index, label, note=""):
    item = page.locator("article.visit-item").nth(index)
    if note:
        item.locator("textarea[name=note]").fill(note)
    item.get_by_role("button", name=label, exact=True).click()
    expect(page.locator("article.visit-item").nth(index)).to_have_attribute("data-answered", "1")


def test_log_a_visit_item_by_item_reload_midway_and_finish(live_server, page, screenshot, setting):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "insp_e2e")
    page.goto(live_server.url + reverse("inspections:home"))
    expect(page.locator("#plan-table")).to_contain_text("长安区阳光托育园")
    screenshot("inspection-plan-phone")
    page.locator("#plan-table a.start-visit").first.click()
    page.get_by_label("质量评估").check()
    page.click("#start-button")

    items = page.locator("article.visit-item")
    expect(items).to_have_count(47)
    total = items.count()
    half = total // 2
    for index in range(half):
        if index == NOT_MET_INDEX:
            answer(page, index, "不符合", NOTE)
        else:
            answer(page, index, "符合")
    expect(page.locator("#visit-progress")).to_have_text(f"已填写 {half} / {total}")
    visit = Visit.objects.get()
    assert Answer.objects.filter(visit=visit).count() == half   # saved as given, before any "save" button

    # The connection drops: the tap is not saved, the item says so and keeps the note typed.
    page.context.set_offline(True)
    offline_item = items.nth(half)
    offline_item.locator("textarea[name=note]").fill("网络中断时填写")
    offline_item.get_by_role("button", name="符合", exact=True).click()
    expect(offline_item.locator(".item-offline")).to_be_visible()
    expect(offline_item).to_have_attribute("data-answered", "0")
    expect(offline_item.locator("textarea[name=note]")).to_have_value("网络中断时填写")
    page.context.set_offline(False)

    # Reload midway (a dropped connection, a closed tab): every earlier answer is still there.
    page.reload()
    expect(page.locator("article.visit-item[data-answered='1']")).to_have_count(half)
    expect(page.locator("#visit-progress")).to_have_text(f"已填写 {half} / {total}")
    not_met = items.nth(NOT_MET_INDEX)
    expect(not_met).to_have_attribute("data-result", "not_met")
    expect(not_met.locator("textarea[name=note]")).to_have_value(NOTE)
    expect(not_met.get_by_role("button", name="不符合", exact=True)).to_have_attribute("aria-pressed", "true")
    items.nth(half).scroll_into_view_if_needed()
    screenshot("inspection-visit-phone")

    for index in range(half, total):
        answer(page, index, "符合")
    expect(page.locator("#visit-progress")).to_have_text(f"已填写 {total} / {total}")
    page.once("dialog", lambda dialog: dialog.accept())  # 确定完成检查吗？
    page.click("#finish-button")

    expect(page.locator("#visit-grade")).to_have_text("A")
    expect(page.locator("#visit-score")).to_contain_text("990.00")
    expect(page.locator("#findings")).to_contain_text(NOTE)
    expect(page.locator("#dimension-scores")).to_contain_text("办托条件")
    screenshot("inspection-result-phone")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.FINISHED and visit.grade == "A" and visit.findings.count() == 1
