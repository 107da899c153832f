"""What every inspection service shares: the refusal exception, its messages and the audit helper."""
from django.utils import timezone

from accounts.services import audit_record

MSG_INSTITUTION_NOT_FILED = "只能检查已备案的机构 / Only filed institutions can be inspected"
MSG_NO_CHECKLIST = "没有可用的已发布检查表 / No published checklist is available for this inspection type"
MSG_QUALITY_NEEDS_QUALITY_CHECKLIST = ("质量评估须使用质量评估表 / A quality assessment needs the quality assessment "
                                       "checklist")
MSG_CHECKLIST_DRAFT = "草稿版本的检查表不能用于检查 / A draft checklist cannot be used for a visit"
MSG_VISIT_NOT_IN_PROGRESS = "该检查当前状态为“{status}”，不能记录或完成 / This visit is '{status}': it cannot be logged or finished"
MSG_VISIT_NOT_PLANNED = "该检查当前状态为“{status}”，不能开始或取消 / This visit is '{status}': it cannot be started or cancelled"
MSG_ITEM_NOT_IN_CHECKLIST = "该检查项不属于本次检查使用的检查表 / This item is not on the visit's checklist"
MSG_RESULT_REQUIRED = "请选择“符合”“不符合”或“不适用” / Choose met, not met or not applicable"
MSG_UNANSWERED = "还有 {count} 项未填写，请全部填写后再完成检查 / {count} item(s) are not answered yet: answer every item before finishing"
MSG_TOO_MANY_PHOTOS = "每个检查项最多 {n} 张照片 / At most {n} photos per item"
MSG_REASON_REQUIRED = "请填写理由 / Give a reason"
MSG_VISIT_NOT_FINISHED = "检查完成后才能签发整改通知 / A rectification order can be issued only for a finished visit"
MSG_NO_OPEN_FINDINGS = "没有可以签发整改通知的问题（问题均已签发） / No findings left to order (each is already in an order)"
MSG_FINDING_NOT_OPEN = "所选问题不属于本次检查或已签发整改通知 / A chosen finding is not of this visit or already in an order"
MSG_DEADLINE_PAST = "整改期限不能早于今天 / The deadline cannot be in the past"
MSG_EVIDENCE_TEXT_REQUIRED = "请说明整改情况 / Describe what was corrected"
MSG_ORDER_NOT_AWAITING = ("该整改通知当前状态为“{status}”，不能提交整改材料 / This order is '{status}': evidence cannot be "
                          "submitted now")
MSG_ORDER_NOT_ANSWERED = ("该整改通知当前状态为“{status}”，没有待核验的整改材料 / This order is '{status}': there is no "
                          "evidence to verify")
MSG_FOLLOW_UP_EXISTS = "已为该整改通知安排了复查 / A follow-up visit is already scheduled for this order"


class InspectionActionError(Exception):
    """A refused action, with a bilingual message for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def now():
    return timezone.now()


def audit(obj, *, by, action: str, region_code: str = "", summary: str = "", before=None, after=None):
    audit_record(actor=by, action=action, obj=obj, region_code=region_code, summary=summary, before=before,
                 after=after)
