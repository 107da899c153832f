"""Root URL configuration."""
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

api_v1 = [
    path("", include("regions.api_urls")),
    path("", include("standards.api_urls")),
    path("", include("institutions.api_urls")),
    path("", include("filings.api_urls")),
    path("", include("inspections.api_urls")),
    path("", include("complaints.api_urls")),
    path("", include("stats.api_urls")),
    path("", include("useradmin.api_urls")),
    path("", include("accounts.api_urls")),
    path("", include("programme.api_urls")),
    path("", include("monthly.api_urls")),
    path("", include("workforce.api_urls")),
    path("", include("incidents.api_urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/users/", include("useradmin.urls")),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("institutions.urls")),
    path("regions/", include("regions.urls")),
    path("standards/", include("standards.urls")),
    path("filings/", include("filings.urls")),
    path("inspections/", include("inspections.urls")),
    path("complaints/", include("complaints.urls")),
    path("", include("filings.public_urls")),
    path("imports/", include("imports.urls")),
    path("notifications/", include("notifications.urls")),
    path("exports/", include("exports.urls")),
    path("stats/", include("stats.urls")),
    path("programme/", include("programme.urls")),
    path("monthly/", include("monthly.urls")),
    path("workforce/", include("workforce.urls")),
    path("incidents/", include("incidents.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI injects a <style> element: inline styles are allowed on this page only (scripts stay 'self').
    path("api/docs/", csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="schema")),
         name="swagger-ui"),
    path("admin/", admin.site.urls),
]

handler400 = "tuoyu_portal.views.bad_request"
handler403 = "tuoyu_portal.views.permission_denied"
handler404 = "tuoyu_portal.views.page_not_found"
handler500 = "tuoyu_portal.views.server_error"
