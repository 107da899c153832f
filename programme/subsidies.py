"""Subsidies (docs/programme.md, "Subsidies"): programmes set by an admin of a level, applications by operators,
county review, approval at the programme's level, payment with its voucher, claw-back when an institution
deregisters or loses its inclusive status within the claw-back period; the figures per programme and region in SQL.
"""
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.audit_text import AuditText
from accounts.models import User
from accounts.services import audit_record
from core.errors import ActionError
from institutions.models import FilingState, Institution, InstitutionOperator
from regions.scope import code_prefix_q

from .models import (
    PaymentKind,
    SubsidyApplication,
    SubsidyKind,
    SubsidyPayment,
    SubsidyProgramme,
    SubsidyStatus,
)

S = SubsidyStatus
SOURCES = ("central", "province", "city", "county")
AMOUNT_MAX = 100_000_000
BUDGET_MAX = 10**13

MSG_SHARES = gettext_lazy("各级分担比例之和须为 100%（现为 {total}%）")
MSG_PERIOD = gettext_lazy("计算期间止不能早于期间起")
MSG_MONTHS = gettext_lazy("运营补贴须填写每年最多补贴月数（1–12）")
MSG_NOT_ADMIN = gettext_lazy("只有管理员可以设立补贴项目")
MSG_NOT_OPERATOR = gettext_lazy("只有该机构的经办人可以申请")
MSG_OUTSIDE = gettext_lazy("该补贴项目不覆盖机构所在地区")
MSG_NOT_FILED = gettext_lazy("机构须为已备案状态")
MSG_NOT_INCLUSIVE = gettext_lazy("该项目仅补贴普惠性托育机构")
MSG_STAR = gettext_lazy("该项目要求星级不低于 {star} 星")
MSG_HIGH_RISK = gettext_lazy("机构有未完成的高风险整改，暂不能申请")
MSG_DUPLICATE = gettext_lazy("该机构已申请过这个补贴项目")
MSG_NO_SLOTS = gettext_lazy("{start} 至 {end} 期间机构没有新增托位（{before} → {after}），不能申请建设补贴")
MSG_CHILD_MONTHS = gettext_lazy("请填写在托婴幼儿人数和月数（月数不超过 {months}）")
MSG_NOT_ALLOWED = gettext_lazy("您无权办理这一步")
MSG_WRONG_STATUS = gettext_lazy("当前状态为“{status}”，不能办理这一步")
MSG_BUDGET = gettext_lazy("批准后将超出项目预算（预算 {budget} 元，已批准 {used} 元，本申请 {amount} 元）")
MSG_VOUCHER = gettext_lazy("请填写拨付凭证号")
MSG_REASON = gettext_lazy("请填写理由")
MSG_CLAWBACK_PERIOD = gettext_lazy("已超过追回期限（最近一次拨付后 {years} 年）")
MSG_INSTALMENT = gettext_lazy("本次拨付金额须在 1 至 {remaining} 元之间（批准 {amount} 元，已拨付 {paid} 元）")
MSG_BEFORE_APPROVAL = gettext_lazy("拨付日期不能早于批准日期 {approved}")
MSG_BEFORE_PAYMENT = gettext_lazy("追回日期不能早于最近一次拨付日期 {paid}")

APPROVED_OR_LATER = (S.APPROVED, S.PARTLY_PAID, S.PAID, S.CLAWED_BACK)
HOLDING_MONEY = (S.PARTLY_PAID, S.PAID)


class SubsidyError(ActionError):
    pass


def programme_create(*, by: User, name: str, kind: str, amount: int, shares: dict[str, int], budget: int,
                     period_from: datetime.date, period_to: datetime.date, max_months: int | None = None,
                     require_inclusive: bool = True, min_star: int | None = None, no_open_high_risk: bool = True,
                     clawback_years: int = 3) -> SubsidyProgramme:
    scope = by.admin_scope
    if scope is None:
        raise SubsidyError(MSG_NOT_ADMIN)
    total = sum(shares.get(source, 0) for source in SOURCES)
    if total != 100:
        raise SubsidyError(MSG_SHARES.format(total=total))
    if period_to < period_from:
        raise SubsidyError(MSG_PERIOD)
    if kind == SubsidyKind.OPERATING and not (max_months and 1 <= max_months <= 12):
        raise SubsidyError(MSG_MONTHS)
    with transaction.atomic():
        programme = SubsidyProgramme.objects.create(
            name=name.strip(), region_code=scope, kind=kind, amount=amount, budget=budget,
            share_central=shares.get("central", 0), share_province=shares.get("province", 0),
            share_city=shares.get("city", 0), share_county=shares.get("county", 0),
            max_months=max_months if kind == SubsidyKind.OPERATING else None, require_inclusive=require_inclusive,
            min_star=min_star, no_open_high_risk=no_open_high_risk, period_from=period_from, period_to=period_to,
            clawback_years=clawback_years, created_by=by)
        audit_record(actor=by, action="subsidy.programme", obj=programme, region_code=scope,
                     summary=AuditText(gettext_lazy("设立补贴项目“{name}”"), name=programme.name),
                     after={"kind": kind, "amount": amount, "budget": budget, "shares": shares})
    return programme


def new_slots(programme: SubsidyProgramme, institution: Institution) -> tuple[int, int, int]:
    """(slots the day before the period, slots at its end (or today), new slots) from the capacity records that
    approved filings (and imports) write."""
    end = min(programme.period_to, timezone.localdate())
    before = institution.capacity_at(programme.period_from - datetime.timedelta(days=1))
    after = institution.capacity_at(end)
    slots_before, slots_after = (before.slots if before else 0), (after.slots if after else 0)
    return slots_before, slots_after, max(0, slots_after - slots_before)


def _open_high_risk(institution: Institution) -> bool:
    order = apps.get_model("inspections", "RectificationOrder")
    return order.objects.filter(institution=institution, status__in=("issued", "answered", "rejected", "overdue"),
                                findings__severity="high").exists()


def subsidy_apply(*, by: User, programme: SubsidyProgramme, institution: Institution, children: int = 0,
                  months: int = 0) -> SubsidyApplication:
    if not InstitutionOperator.objects.filter(institution=institution, user=by).exists():
        raise SubsidyError(MSG_NOT_OPERATOR)
    if not institution.region_id.startswith(programme.region_code):
        raise SubsidyError(MSG_OUTSIDE)
    if institution.filing_state != FilingState.FILED:
        raise SubsidyError(MSG_NOT_FILED)
    if programme.require_inclusive and not institution.inclusive:
        raise SubsidyError(MSG_NOT_INCLUSIVE)
    if programme.min_star and (institution.star_rating or 0) < programme.min_star:
        raise SubsidyError(MSG_STAR.format(star=programme.min_star))
    if programme.no_open_high_risk and _open_high_risk(institution):
        raise SubsidyError(MSG_HIGH_RISK)
    if programme.kind == SubsidyKind.CONSTRUCTION:
        before, after, units = new_slots(programme, institution)
        if units <= 0:
            raise SubsidyError(MSG_NO_SLOTS.format(start=programme.period_from, end=programme.period_to,
                                                   before=before, after=after))
        basis = f"托位 {before} → {after}，新增 {units} 个（{programme.period_from} 至 {programme.period_to}）"
    elif programme.kind == SubsidyKind.OPERATING:
        if not (children > 0 and 1 <= months <= (programme.max_months or 12)):
            raise SubsidyError(MSG_CHILD_MONTHS.format(months=programme.max_months or 12))
        units = children * months
        basis = f"在托 {children} 人 × {months} 个月 = {units} 人月"
    else:
        units, basis = 1, "一次性奖补"
    with transaction.atomic():
        Institution.objects.select_for_update().get(pk=institution.pk)
        if SubsidyApplication.objects.filter(programme=programme, institution=institution).exclude(
                status=S.REFUSED).exists():
            raise SubsidyError(MSG_DUPLICATE)
        application = SubsidyApplication.objects.create(programme=programme, institution=institution, units=units,
                                                        amount=units * programme.amount, basis=basis, applied_by=by)
        _audit(application, by, "apply", gettext_lazy("申请补贴 {amount} 元（{basis}）"),
               amount=application.amount, basis=basis)
    return application


def _audit(application, by, action, text, **values):
    audit_record(actor=by, action=f"subsidy.{action}", obj=application.institution,
                 region_code=application.institution.region_id,
                 summary=AuditText(text, **values),
                 after={"programme": application.programme_id, "status": application.status,
                        "amount": application.amount, "paid": application.paid_amount,
                        "clawed_back": application.clawed_back_amount})


def _is_county_admin(user, institution) -> bool:
    scope = user.admin_scope
    return bool(scope) and len(scope) == 6 and institution.region_id.startswith(scope)


def _is_programme_admin(user, programme) -> bool:
    return user.admin_scope is not None and user.admin_scope == programme.region_code


def actions_for(user, application: SubsidyApplication) -> list[str]:
    programme, institution = application.programme, application.institution
    found = []
    if application.status == S.SUBMITTED and _is_county_admin(user, institution):
        found += ["county_pass", "refuse"]
    if application.status == S.COUNTY_PASSED and _is_programme_admin(user, programme):
        found += ["approve", "refuse"]
    if application.status in (S.APPROVED, S.PARTLY_PAID) and _is_programme_admin(user, programme):
        found.append("pay")
    if application.status in HOLDING_MONEY and _is_programme_admin(user, programme):
        found.append("clawback")
    return found


def subsidy_step(*, by: User, application: SubsidyApplication, action: str, note: str = "",
                 on: datetime.date | None = None, voucher: str = "", amount: int | None = None) -> SubsidyApplication:
    """One step of an application. `pay` records one instalment (`amount`, by default what remains of the approved
    amount) with its voucher; the application is paid when the instalments reach the approved amount. `clawback`
    recovers everything paid, within the claw-back period counted from the latest instalment."""
    on = on or timezone.localdate()
    note = (note or "").strip()
    with transaction.atomic():
        application = SubsidyApplication.objects.select_for_update().select_related(
            "programme", "institution").get(pk=application.pk)
        if action not in actions_for(by, application):
            if action in ("county_pass", "refuse", "approve", "pay", "clawback") and not (
                    _is_county_admin(by, application.institution)
                    or _is_programme_admin(by, application.programme)):
                raise SubsidyError(MSG_NOT_ALLOWED)
            raise SubsidyError(MSG_WRONG_STATUS.format(status=application.get_status_display()))
        programme = application.programme
        if action == "county_pass":
            # A county's own programme is approved by the county's review itself.
            application.status = S.APPROVED if programme.region_code == application.institution.region_id[:6] \
                else S.COUNTY_PASSED
        elif action == "refuse":
            if not note:
                raise SubsidyError(MSG_REASON)
            application.status = S.REFUSED
        elif action == "approve":
            used = SubsidyApplication.objects.filter(programme=programme, status__in=APPROVED_OR_LATER).exclude(
                status=S.CLAWED_BACK).aggregate(total=Coalesce(Sum("amount"), 0))["total"]
            if used + application.amount > programme.budget:
                raise SubsidyError(MSG_BUDGET.format(budget=programme.budget, used=used, amount=application.amount))
            application.status = S.APPROVED
        elif action == "pay":
            if not voucher.strip():
                raise SubsidyError(MSG_VOUCHER)
            remaining = application.amount - application.paid_amount
            amount = remaining if amount is None else amount
            if not 1 <= amount <= remaining:
                raise SubsidyError(MSG_INSTALMENT.format(remaining=remaining, amount=application.amount,
                                                         paid=application.paid_amount))
            if application.approved_on and on < application.approved_on:
                raise SubsidyError(MSG_BEFORE_APPROVAL.format(approved=application.approved_on))
            SubsidyPayment.objects.create(application=application, kind=PaymentKind.PAYMENT, amount=amount, on=on,
                                          voucher=voucher.strip(), note=note[:500], recorded_by=by)
            application.paid_amount += amount
            application.status = S.PAID if application.paid_amount == application.amount else S.PARTLY_PAID
            application.paid_on, application.voucher = max(on, application.paid_on or on), voucher.strip()
        elif action == "clawback":
            if not note:
                raise SubsidyError(MSG_REASON)
            if on < application.paid_on:
                raise SubsidyError(MSG_BEFORE_PAYMENT.format(paid=application.paid_on))
            if on > clawback_limit(application):
                raise SubsidyError(MSG_CLAWBACK_PERIOD.format(years=programme.clawback_years))
            amount = application.paid_amount - application.clawed_back_amount
            SubsidyPayment.objects.create(application=application, kind=PaymentKind.CLAWBACK, amount=amount, on=on,
                                          note=note[:500], recorded_by=by)
            application.clawed_back_amount += amount
            application.status, application.clawed_back_on, application.clawback_reason = S.CLAWED_BACK, on, note
        if application.status == S.APPROVED and application.approved_on is None:
            application.approved_on = on
        if note:
            application.note = note
        application.save()
        _audit(application, by, action, gettext_lazy("补贴申请：{step}（{amount} 元）"),
               step=STEP_LABELS[action], amount=amount if action in ("pay", "clawback") else application.amount)
    return application


STEP_LABELS = {"county_pass": gettext_lazy("县级审核通过"), "refuse": gettext_lazy("不予支持"),
               "approve": gettext_lazy("批准"), "pay": gettext_lazy("拨付"), "clawback": gettext_lazy("追回")}


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def clawback_limit(application: SubsidyApplication) -> datetime.date:
    """The last day a claw-back may be recorded: the claw-back period counted from the latest payment."""
    return _years_after(application.paid_on, application.programme.clawback_years)


def clawback_due(applications, on: datetime.date | None = None):
    """Paid applications whose institution, within the programme's claw-back period, deregistered or (for a
    programme of inclusive institutions) is no longer inclusive: the admin decides the claw-back. One query."""
    on = on or timezone.localdate()
    return applications.filter(status__in=HOLDING_MONEY).filter(
        Q(institution__filing_state=FilingState.DEREGISTERED) | Q(institution__deregistered_on__lte=on)
        | Q(programme__require_inclusive=True, institution__inclusive=False)).select_related(
        "institution", "programme")


def _yuan(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


LEVELS = {"province": 2, "city": 4, "county": 6}


def figures(applications, *, level: str | None = None, start: datetime.date | None = None,
            end: datetime.date | None = None, by_county: bool = False) -> list[dict]:
    """Per programme (and per region of `level`: province, city or county): applications, approved, paid, clawed
    back and net paid amounts, each split by source; the units (new slots for construction) of the applications
    holding money; the net paid per unit and the budget executed (net paid / budget × 100, 2 dp). With a period
    (`start`/`end`, either open) the applications are those made in it, the approved amounts those approved in it
    and the payments and claw-backs those dated in it. Two SQL queries (applications; payments), merged by key;
    the shares are applied to the sums (amount × share / 100, 2 dp)."""
    level = "county" if by_county else level
    groups = ["programme_id", "programme__name", "programme__kind", "programme__budget", "programme__share_central",
              "programme__share_province", "programme__share_city", "programme__share_county"]
    rows = applications
    if level:
        rows = rows.annotate(region=Substr("institution__region_id", 1, LEVELS[level]))
        groups.append("region")
    applied_q, approved_q, dated_q = Q(), Q(status__in=APPROVED_OR_LATER), Q()
    if start:
        applied_q &= Q(applied_at__date__gte=start)
        approved_q &= Q(approved_on__gte=start)
        dated_q &= Q(on__gte=start)
    if end:
        applied_q &= Q(applied_at__date__lte=end)
        approved_q &= Q(approved_on__lte=end)
        dated_q &= Q(on__lte=end)
    rows = rows.values(*groups).annotate(
        applications=Count("id", filter=applied_q),
        approved=Coalesce(Sum("amount", filter=approved_q), 0),
        net_units=Coalesce(Sum(Case(When(status__in=HOLDING_MONEY, then=F("units")), default=Value(0),
                                    output_field=IntegerField())), 0),
    ).order_by(*groups)
    payment_groups = ["application__programme_id"]
    payments = SubsidyPayment.objects.filter(application__in=applications.values("pk")).filter(dated_q)
    if level:
        payments = payments.annotate(region=Substr("application__institution__region_id", 1, LEVELS[level]))
        payment_groups.append("region")
    paid = {tuple(row[key] for key in payment_groups): row for row in payments.values(*payment_groups).annotate(
        paid=Coalesce(Sum("amount", filter=Q(kind=PaymentKind.PAYMENT)), 0),
        clawed_back=Coalesce(Sum("amount", filter=Q(kind=PaymentKind.CLAWBACK)), 0)).order_by()}
    result = []
    for row in rows:
        money = paid.get((row["programme_id"], row["region"]) if level else (row["programme_id"],),
                         {"paid": 0, "clawed_back": 0})
        sums = {"approved": row["approved"], "paid": money["paid"], "clawed_back": money["clawed_back"],
                "net_paid": money["paid"] - money["clawed_back"]}
        shares = {source: row[f"programme__share_{source}"] for source in SOURCES}
        net = sums["net_paid"]
        entry = {"programme": row["programme_id"], "name": row["programme__name"], "kind": row["programme__kind"],
                 "applications": row["applications"], **sums, "units": row["net_units"],
                 "per_unit": _yuan(Decimal(net) / row["net_units"]) if row["net_units"] else None,
                 "budget_executed_pct": _yuan(Decimal(net) * 100 / row["programme__budget"])
                 if row["programme__budget"] else None,
                 "by_source": {source: {key: _yuan(Decimal(value) * share / 100) for key, value in sums.items()}
                               for source, share in shares.items()}}
        if level:
            entry["region"] = row["region"]
            if level == "county":
                entry["county"] = row["region"]
        result.append(entry)
    return result


def net_paid_by_region(*, region_code: str, as_of: datetime.date) -> dict[str, int]:
    """{child region code: subsidies paid on or before `as_of` less those clawed back by then} for the children of
    `region_code` ("" the country: its provinces), every programme together; one query over the payments (the
    bulletin's table)."""
    length = {0: 2, 2: 4, 4: 6}.get(len(region_code), 9)
    rows = (SubsidyPayment.objects.filter(code_prefix_q("application__institution__region_id", region_code),
                                          on__lte=as_of)
            .annotate(child=Substr("application__institution__region_id", 1, length)).values("child")
            .annotate(paid=Coalesce(Sum("amount", filter=Q(kind=PaymentKind.PAYMENT)), 0),
                      clawed=Coalesce(Sum("amount", filter=Q(kind=PaymentKind.CLAWBACK)), 0)).order_by())
    return {row["child"]: row["paid"] - row["clawed"] for row in rows}
