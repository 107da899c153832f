"""What every inspection service shares: the refusal exception, its messages and the audit helper."""
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.audit_text import AuditText
from accounts.services import audit_record
from core.errors import ActionError

MSG_INSTITUTION_NOT_FILED = gettext_lazy("只能检查已备案的机构")
MSG_NO_CHECKLIST = gettext_lazy("没有可用的已发布检查表")
MSG_QUALITY_NEEDS_QUALITY_CHECKLIST = (gettext_lazy("质量评估须使用质量评估表"))
MSG_CHECKLIST_DRAFT = gettext_lazy("草稿版本的检查表不能用于检查")
MSG_CHECKLIST_OTHER_PROVINCE = gettext_lazy("该检查表是其他省份的版本，不能用于本机构的检查")
MSG_VISIT_NOT_IN_PROGRESS = gettext_lazy("该检查当前状态为“{status}”，不能记录或完成")
MSG_VISIT_NOT_PLANNED = gettext_lazy("该检查当前状态为“{status}”，不能开始或取消")
MSG_ITEM_NOT_IN_CHECKLIST = gettext_lazy("该检查项不属于本次检查使用的检查表")
MSG_RESULT_REQUIRED = gettext_lazy("请选择“符合”“不符合”或“不适用”")
MSG_UNANSWERED = gettext_lazy("还有 {count} 项未填写，请全部填写后再完成检查")
MSG_TOO_MANY_PHOTOS = gettext_lazy("每个检查项最多 {n} 张照片")
MSG_REASON_REQUIRED = gettext_lazy("请填写理由")
MSG_VISIT_NOT_FINISHED = gettext_lazy("检查完成后才能签发整改通知")
MSG_NO_OPEN_FINDINGS = gettext_lazy("没有可以签发整改通知的问题（问题均已签发）")
MSG_FINDING_NOT_OPEN = gettext_lazy("所选问题不属于本次检查或已签发整改通知")
MSG_DEADLINE_PAST = gettext_lazy("整改期限不能早于今天")
MSG_EVIDENCE_TEXT_REQUIRED = gettext_lazy("请说明整改情况")
MSG_ORDER_NOT_AWAITING = (gettext_lazy("该整改通知当前状态为“{status}”，不能提交整改材料"))
MSG_ORDER_NOT_ANSWERED = (gettext_lazy("该整改通知当前状态为“{status}”，没有待核验的整改材料"))
MSG_FOLLOW_UP_EXISTS = gettext_lazy("已为该整改通知安排了复查")


class InspectionActionError(ActionError):
    """A refused action of a visit, an order or a checklist (core.errors: 409 in the API)."""


def now():
    return timezone.now()


def audit(obj, *, by, action: str, region_code: str = "", summary: AuditText | str = "", before=None, after=None):
    audit_record(actor=by, action=action, obj=obj, region_code=region_code, summary=summary, before=before,
                 after=after)
