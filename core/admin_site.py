"""The portal's Django admin site: the default site without the work its pages do not show.

At national scale the admin's lists were the slowest pages of the portal (issue 12, point 14). Two costs
were paid on every admin page:
- the navigation sidebar, every registered model of every app rendered again on each page;
- ``available_apps`` (the sidebar's data), built by ``each_context`` on every page, read by none once the
  sidebar is off.
The sidebar is off (the breadcrumbs and the index lead to every model: docs/performance.md), and
``available_apps`` is built only if a template reads it. Its pages carry the portal's name, not Django's.
"""
from django.contrib import admin
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

_SKIP_APP_LIST = "_portal_admin_skip_app_list"


class PortalAdminSite(admin.AdminSite):
    site_header = _("托育机构备案与监管平台")
    site_title = _("管理后台")
    index_title = _("数据维护")
    enable_nav_sidebar = False

    def each_context(self, request):
        setattr(request, _SKIP_APP_LIST, True)
        try:
            context = super().each_context(request)
        finally:
            delattr(request, _SKIP_APP_LIST)
        context["available_apps"] = SimpleLazyObject(lambda: self.get_app_list(request))
        return context

    def get_app_list(self, request, app_label=None):
        if getattr(request, _SKIP_APP_LIST, False):
            return []
        return super().get_app_list(request, app_label)
