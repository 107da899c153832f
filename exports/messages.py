"""Bilingual messages of export jobs ("中文 / English"): constants that the tests import."""

MSG_UNKNOWN_KIND = "未知的导出类型或格式 / Unknown export type or format"
MSG_TOO_MANY_ACTIVE = (
    "您已有 {n} 个导出任务正在进行，请待其完成后再导出 / "
    "You already have {n} exports in progress; please wait until they finish"
)
MSG_EXPIRED = (
    "此导出文件已过期并已删除（文件仅保留 {days} 天），请重新导出 / "
    "This export has expired and its file was deleted (files are kept for {days} days); please export again"
)
MSG_SCOPE_CHANGED = (
    "您的管辖范围已变更，此导出文件不再向您提供下载，请重新导出 / "
    "Your region scope has changed, so this export is no longer available to you; please export again"
)
MSG_FAILED = (
    "导出失败，请稍后重试；如仍失败请联系管理员 / "
    "The export failed; please try again later and contact an administrator if it fails again"
)
MSG_OWNER_INACTIVE = "账号已停用，导出已取消 / The account is deactivated; the export was cancelled"
MSG_ABANDONED = (
    "导出任务长时间未完成，已终止，请重新导出 / "
    "The export did not finish in time and was stopped; please export again"
)
