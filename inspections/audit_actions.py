"""The audit actions this app records and their labels (registered with accounts in inspections.apps.ready)."""
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "visit.plan": _("安排检查"),
    "visit.start": _("开始检查"),
    "visit.cancel": _("取消检查"),
    "visit.answer": _("修改检查记录"),
    "visit.photo": _("上传现场照片"),
    "visit.photo_delete": _("删除现场照片"),
    "visit.finish": _("完成检查"),
    "rectification.issue": _("签发整改通知"),
    "rectification.answer": _("提交整改材料"),
    "rectification.accept": _("整改通过"),
    "rectification.reject": _("整改退回"),
    "rectification.overdue": _("整改逾期"),
    "rectification.follow_up": _("安排复查"),
    "checklist.copy": _("复制检查表"),
    "checklist.edit": _("编辑检查表"),
    "checklist.publish": _("发布检查表"),
    "checklist.discard": _("删除检查表草稿"),
    "inspection.grade_scale": _("修改评估等级分数线"),
    "inspection.policy": _("修改检查计划规则"),
}
