"""Messages of export jobs, in the active language (English in the catalogue): constants that the tests import."""
from django.utils.translation import gettext_lazy

MSG_UNKNOWN_KIND = gettext_lazy("未知的导出类型或格式")
MSG_TOO_MANY_ACTIVE = (
    gettext_lazy("您已有 {n} 个导出任务正在进行，请待其完成后再导出")
)
MSG_EXPIRED = (
    gettext_lazy("此导出文件已过期并已删除（文件仅保留 {days} 天），请重新导出")
)
MSG_SCOPE_CHANGED = (
    gettext_lazy("您的管辖范围已变更，此导出文件不再向您提供下载，请重新导出")
)
MSG_FAILED = (
    gettext_lazy("导出失败，请稍后重试；如仍失败请联系管理员")
)
MSG_OWNER_INACTIVE = gettext_lazy("账号已停用，导出已取消")
MSG_ABANDONED = (
    gettext_lazy("导出任务长时间未完成，已终止，请重新导出")
)
