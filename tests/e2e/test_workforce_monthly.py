"""Monthly reports, the staff register and safety incidents in a browser, through the real pages only.

- Monthly report: the operator opens 月报 from the navbar and the form of the last ended month (owed: the test sets
  MONTHLY_REPORTS_FROM to that month), types enrolment by age band and by service type that disagree, and is refused
  with the Chinese message naming both totals while what was typed stays; corrected, the report is received and
  shows the vacancies of each age band (the classes' capacity less the children of that band). The institution's
  public page shows those vacancies, and the directory's 有空位 filter lists it but not a filed neighbour without a
  report.
- Completeness: the county admin sees on /monthly/completeness/ the institution as received (按时报送 when the
  report came by the due day, which it does on days 1–5 of the month; 逾期报送 after it) with its enrolled and
  vacancies, and the neighbour as not yet received.
- Staff register: the operator adds a caregiver (a valid identity number) and records her 保育师 certificate; a
  reviewer of the county sees the roster with the name masked (刘*) and the identity number masked, and the full
  name only after the logged reveal.
- Safety incident: the operator reports an injury; an inspector of the county acknowledges it (待确认 → 处置中),
  is refused closing it without a note, then closes it with one (已办结); the operator sees it closed with the note.

Screenshots: monthly-report-refused.png, monthly-completeness.png, workforce-roster-masked.png,
incident-closed.png.
"""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from core.identity import identity_mask
from institutions.models import NurseryClass
from monthly import services as monthly
from tests.e2e.helpers import log_in
from tests.factories import InstitutionFactory, UserFactory, region
from tests.filings.helpers import identity_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(settings):
    """A filed institution in 长安区 with three classes (乳儿班 6, 托小班 14, 托大班 20 places: 40 slots), its
    operator, a filed neighbour in the same county, and the county's admin, reviewer and inspector."""
    month = monthly.last_ended_month(timezone.localdate())
    settings.MONTHLY_REPORTS_FROM = f"{month:%Y-%m}"  # the live server runs in this process: the month is owed
    region("13", "河北省"), region("1301", "石家庄市")
    county = region("130102", "长安区")
    institution = InstitutionFactory(name="长安区阳光托育园", region=county, capacity=(40, 30),
                                     service_types=["full_day", "half_day"])
    for name, class_type, capacity, enrolled in (("乳儿班", "infant", 6, 4), ("托小一班", "toddler_small", 14, 10),
                                                 ("托大一班", "toddler_large", 20, 16)):
        NurseryClass.objects.create(institution=institution, name=name, class_type=class_type, capacity=capacity,
                                    enrolled=enrolled, caregivers=3)
    neighbour = InstitutionFactory(name="长安区启航托育中心", region=county, capacity=(80, 50))
    operator = UserFactory(username="op_wm", role=Role.OPERATOR, display_name="张丽")
    institution.operators.add(operator)
    UserFactory(username="county_wm", role=Role.ADMIN, region=county, display_name="县管理员")
    UserFactory(username="reviewer_wm", role=Role.REVIEWER, region=county, display_name="审核员")
    UserFactory(username="inspector_wm", role=Role.INSPECTOR, region=county, display_name="监督员")
    return {"institution": institution, "neighbour": neighbour, "month": month}


def fill_report(page, values: dict) -> None:
    form = page.locator("#report-form")
    for name, value in values.items():
        form.locator(f"#id_{name}").fill(str(value))


def test_a_monthly_report_refused_then_received_shows_vacancies_and_completeness(live_server, page, screenshot,
                                                                                  setting):
    institution, month = setting["institution"], setting["month"]
    label = f"{month:%Y-%m}"
    log_in(page, live_server, "op_wm")
    page.locator("#nav-monthly").click()
    row = page.locator(f"#monthly-{institution.pk} tr[data-month='{label}']")
    expect(row).to_have_attribute("data-status", "pending" if timezone.localdate() <= monthly.due_date(
        institution.region_id, month) else "missing")
    row.get_by_role("link", name="填报").click()
    expect(page.locator("h1")).to_contain_text("长安区阳光托育园")
    form = page.locator("#report-form")
    # Pre-filled from the classes on file: 4 / 10 / 16 by age band, all 30 in full-day care.
    expect(form.locator("#id_enrolled_6_12")).to_have_value("4")
    expect(form.locator("#id_enrolled_24_36")).to_have_value("16")
    expect(form.locator("#id_full_day")).to_have_value("30")

    typed = {"enrolled_6_12": 3, "enrolled_12_24": 12, "enrolled_24_36": 15, "full_day": 22, "half_day": 6,
             "hourly": 0, "temporary": 0, "attendance_days": 560, "staff": 9, "fees_charged": 45000, "incidents": 0}
    fill_report(page, typed)
    form.get_by_role("button", name="报送").click()
    error = page.locator("#report-form .alert-danger")
    expect(error).to_contain_text("按月龄合计 30 人，按服务类型合计 28 人")
    expect(error).to_contain_text("两个合计应相等")
    expect(page.locator("#report-form #id_half_day")).to_have_value("6")  # what was typed is kept
    expect(page.locator("#report-form #id_enrolled_12_24")).to_have_value("12")
    expect(page.locator("#report-form #id_fees_charged")).to_have_value("45000")
    expect(page.locator("#report-status")).not_to_contain_text("按时报送")
    expect(page.locator("#report-form #id_full_day")).to_have_class("form-control is-invalid")  # marked
    expect(page.locator("#total-bands")).to_have_text("30")  # the totals as typed (static/js/monthly-report.js)
    expect(page.locator("#total-types")).to_have_text("28")
    screenshot("monthly-report-refused")

    fill_report(page, {"half_day": 8})
    expect(page.locator("#total-types")).to_have_text("30")
    page.locator("#report-form").get_by_role("button", name="报送").click()
    expect(page.locator("main")).to_contain_text("月报已报送。")
    on_time = timezone.localdate() <= monthly.due_date(institution.region_id, month)
    expect(page.locator("#report-status")).to_have_text("按时报送" if on_time else "逾期报送")
    vacancies = page.locator("#report-vacancies")
    expect(vacancies.locator(".fs-4")).to_have_text(["3", "2", "5", "0"])  # 6−3, 14−12, 20−15, no mixed class
    expect(vacancies).to_contain_text("合计 10 个")
    expect(page.locator("#report-form").get_by_role("button", name="保存修改")).to_be_visible()

    # The public page and the directory, for anybody (signed out).
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("institutions:directory"))
    expect(page.locator("#result-count")).to_contain_text("2")
    page.select_option("#id_has_vacancy", "yes")
    page.click("#filter-submit")
    expect(page).to_have_url(re.compile(r"[?&]has_vacancy=yes"))
    expect(page.locator("#result-count")).to_contain_text("1")
    listed = page.locator("#directory-table tbody tr")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("长安区阳光托育园")
    expect(listed.locator(".vacancy-badge")).to_have_text("有空位 10")
    listed.get_by_role("link", name="长安区阳光托育园").click()
    public = page.locator("#public-vacancies")
    expect(public).to_contain_text(f"据机构{month.year}年{month.month}月月报")
    for band, number in (("6_12", "3"), ("12_24", "2"), ("24_36", "5"), ("mixed", "0")):
        expect(public.locator(f"[data-band='{band}'] .fs-4")).to_have_text(number)
    expect(public).to_contain_text("合计空位 10 个")

    log_in(page, live_server, "county_wm")
    page.goto(live_server.url + reverse("monthly:completeness"))
    expect(page.locator("h1")).to_have_text("月报报送情况")
    expect(page.locator("#id_month")).to_have_value(label)
    received = page.locator(f"#completeness-institutions tr[data-institution='{institution.pk}']")
    expect(received).to_have_attribute("data-status", "on_time" if on_time else "late")
    expect(received.locator("td").nth(2)).to_have_text("按时报送" if on_time else "逾期报送")
    expect(received.locator("td").nth(4)).to_have_text("30")
    expect(received.locator("td").nth(5)).to_have_text("10")
    owed = page.locator(f"#completeness-institutions tr[data-institution='{setting['neighbour'].pk}']")
    expect(owed.locator("td").nth(2)).to_have_text("待报送" if on_time else "未报送（已逾期）")
    expect(page.locator("#completeness-total [data-key='expected']")).to_have_text("2")
    expect(page.locator("#completeness-total [data-key='completeness_pct']")).to_have_text(re.compile(r"^50(\.0+)?%$"))
    screenshot("monthly-completeness")
    received.get_by_role("link", name="长安区阳光托育园").click()  # staff read the report, without a form
    expect(page.locator("#report-facts")).to_contain_text("22 / 8 / 0 / 0")
    expect(page.locator("#report-form")).to_have_count(0)


def test_the_staff_register_is_kept_by_the_operator_and_masked_for_the_county(live_server, page, screenshot,
                                                                             setting):
    institution = setting["institution"]
    today = timezone.localdate()
    register = live_server.url + reverse("workforce:register", args=[institution.pk])
    log_in(page, live_server, "op_wm")
    page.goto(register)
    expect(page.locator("#register-table")).to_contain_text("名册中还没有人员。")
    form = page.locator("#worker-form")
    form.locator("#id_name").fill("刘洋")
    form.locator("#id_role").select_option("caregiver")
    form.locator("#id_id_number").fill(identity_number(7))
    form.locator("#id_joined_on").fill((today - datetime.timedelta(days=60)).isoformat())
    form.get_by_role("button", name="加入名册").click()
    expect(page.locator("h1")).to_contain_text("刘洋")
    expect(page.locator("#worker-standing")).to_contain_text("无有效的上岗资格证书")

    qualification = page.locator("#form-qualification")
    qualification.locator("#id_qualification-type").select_option("childcare_worker")
    qualification.locator("#id_qualification-level").fill("4")
    qualification.locator("#id_qualification-number").fill("BYS-2025-0012")
    qualification.locator("#id_qualification-issuer").fill("石家庄市人力资源和社会保障局")
    qualification.locator("#id_qualification-issued_on").fill((today - datetime.timedelta(days=200)).isoformat())
    expires = today + datetime.timedelta(days=3 * 365)
    qualification.locator("#id_qualification-expires_on").fill(expires.isoformat())
    qualification.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text("已保存。")
    expect(page.locator("#qualifications")).to_contain_text("保育师 4级 · BYS-2025-0012")
    expect(page.locator("#worker-standing")).not_to_contain_text("无有效的上岗资格证书")

    page.goto(register)
    row = page.locator("#register-table tbody tr").first
    expect(row.locator("td").first).to_have_text("刘洋")
    expect(row.locator("td").nth(4)).to_have_text(f"保育师 · 至 {expires.isoformat()}")

    log_in(page, live_server, "reviewer_wm")
    page.goto(register)
    row = page.locator("#register-table tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").first).to_have_text("刘*")
    expect(row.locator("td").nth(1)).to_have_text("保育人员")
    number = identity_number(7)
    expect(row.locator("td").nth(2)).to_have_text(identity_mask(number))  # e.g. 13**************74
    expect(page.locator("#register-table")).not_to_contain_text("刘洋")
    expect(page.locator("#worker-form")).to_have_count(0)  # reviewers read, they do not keep the register
    screenshot("workforce-roster-masked")
    page.locator("#reveal-names").click()
    expect(page.locator("#register-table tbody tr td").first).to_have_text("刘洋")


def test_an_incident_is_reported_acknowledged_and_closed(live_server, page, screenshot, setting):
    occurred = timezone.localtime() - datetime.timedelta(hours=2)
    log_in(page, live_server, "op_wm")
    page.goto(live_server.url + reverse("incidents:new"))
    form = page.locator("#incident-form")
    form.locator("#id_institution").select_option(label="长安区阳光托育园")
    form.locator("#id_kind").select_option("injury")
    form.locator("#id_occurred_at").fill(occurred.strftime("%Y-%m-%dT%H:%M"))
    form.locator("#id_children_affected").fill("1")
    form.locator("#id_description").fill("午睡起床时一名幼儿从床边滑落，额头擦伤。")
    form.locator("#id_measures").fill("保健员当即消毒包扎，已通知家长并送医检查，无骨折。")
    form.get_by_role("button", name="报告").click()
    expect(page.locator("#incident-status")).to_have_text("待确认")
    expect(page.locator("main")).to_contain_text("已报告，县级卫生健康部门将确认处置。")
    expect(page.locator("#incident-late")).to_have_count(0)  # reported within 24 hours
    expect(page.locator("#incident-step-form")).to_have_count(0)  # the operator does not handle it
    detail = page.url

    log_in(page, live_server, "inspector_wm")
    page.goto(detail)
    step = page.locator("#incident-step-form")
    step.locator("#id_action").select_option("acknowledge")
    step.get_by_role("button", name="提交").click()
    expect(page.locator("#incident-status")).to_have_text("处置中")
    expect(page.locator("main dl")).to_contain_text("确认时间")

    step.locator("#id_action").select_option("close")
    step.get_by_role("button", name="提交").click()
    expect(step.locator(".alert-danger")).to_have_text("请填写处置意见")
    expect(page.locator("#incident-status")).to_have_text("处置中")
    step.locator("#id_action").select_option("close")
    step.locator("#id_note").fill("已现场核实，机构处置得当；责令加装床边护栏。")
    step.get_by_role("button", name="提交").click()
    expect(page.locator("#incident-status")).to_have_text("已办结")
    expect(page.locator("main dl")).to_contain_text("已现场核实，机构处置得当；责令加装床边护栏。")
    expect(page.locator("#incident-step-form")).to_have_count(0)
    screenshot("incident-closed")

    log_in(page, live_server, "op_wm")
    page.goto(live_server.url + reverse("incidents:list"))
    expect(page.locator("main")).to_contain_text("已办结")
    page.goto(detail)
    expect(page.locator("#incident-status")).to_have_text("已办结")
    expect(page.locator("main dl")).to_contain_text("责令加装床边护栏")
