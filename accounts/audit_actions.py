"""The audit actions this app records and their labels (registered with accounts in accounts.apps.ready)."""
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "user.email": _("修改邮箱"),
    "user.role_scope": _("变更角色或管辖范围"),
    "personal.reveal": _("查看个人信息"),
    "file.download": _("下载文件"),
    "token.rotate": _("生成接口令牌"),
    "token.revoke": _("吊销接口令牌"),
    "auth.login": _("登录"),
    "auth.logout": _("退出登录"),
    "auth.session_end": _("结束其他登录会话"),
    "auth.2fa_enable": _("启用二次验证"),
    "auth.2fa_failed": _("二次验证失败"),
    "auth.2fa_recovery_used": _("使用恢复码登录"),
    "auth.2fa_reset": _("重置二次验证"),
    "auth.password_reset": _("通过验证码重置密码"),
    "user.signup": _("举办者注册"),
    "auth.login_failed": _("登录失败"),
    "auth.lockout": _("账号锁定"),
    "auth.unlock": _("解除锁定"),
    "auth.password_change": _("修改密码"),
}
