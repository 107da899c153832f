"""Pages of export jobs: asking for one (confirmation, then POST), the user's own jobs, one job's progress,
and the download. Jobs are personal: another user's job is a 404, whatever their role."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.files import private_file_response

from . import messages as msg
from .kinds import get_kind
from .models import ExportFormat, ExportJob, ExportStatus
from .services import export_job_request, export_params

JOBS_PER_PAGE = 20


@login_required
@require_http_methods(["GET", "POST"])
def export_new(request, kind: str, fmt: str):
    """GET: what will be exported (rows, format, filters) and a button; POST (CSRF-checked): create the job.

    The list's filters travel in the query string of both, so the form posts back to this same URL.
    """
    export_kind = get_kind(kind)
    if export_kind is None or fmt not in export_kind.formats:
        raise Http404
    params = export_params(request.GET)
    error = None
    if request.method == "POST":
        try:
            job, created = export_job_request(user=request.user, kind=kind, fmt=fmt, params=params)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            if created:
                messages.info(request, _("导出任务已创建，正在后台生成文件。"))
            else:
                messages.info(request, _("相同的导出任务正在进行，无需重复提交。"))
            return redirect("exports:job", pk=job.pk)
    query = request.GET.copy()
    query.pop("page", None)
    count = export_kind.rows(owner=request.user, query=query, scope_code=request.user.scope_code).count()
    return render(request, "exports/new.html", {
        "export_kind": export_kind, "fmt": fmt, "format_label": ExportFormat(fmt).label,
        "count": count, "max_sync_rows": settings.EXPORT_MAX_SYNC_ROWS, "retention_days": settings.EXPORT_RETENTION_DAYS,
        "list_url": export_kind.list_url(query), "error": error, "nav": "exports",
    }, status=400 if error else 200)


@login_required
@require_GET
def export_list(request):
    jobs = ExportJob.objects.visible_to(request.user).defer("params")
    page_obj = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "exports/list.html", {
        "page_obj": page_obj, "retention_days": settings.EXPORT_RETENTION_DAYS, "nav": "exports",
    })


@login_required
@require_GET
def export_job(request, pk: int):
    job = get_object_or_404(ExportJob.objects.visible_to(request.user), pk=pk)
    export_kind = get_kind(job.kind)
    return render(request, "exports/job.html", {
        "job": job, "list_url": export_kind.list_url(job.query()) if export_kind else "",
        "retention_days": settings.EXPORT_RETENTION_DAYS, "nav": "exports",
    })


def _refused(request, job: ExportJob, message: str, status: int):
    return render(request, "exports/refused.html", {"job": job, "message": message, "nav": "exports"},
                  status=status)


@login_required
@require_GET
def export_download(request, pk: int):
    """The file, to its owner only (404 for anyone else), until it expires (then 410)."""
    job = get_object_or_404(ExportJob.objects.visible_to(request.user), pk=pk)
    if job.is_expired:
        return _refused(request, job, msg.MSG_EXPIRED.format(days=settings.EXPORT_RETENTION_DAYS), 410)
    if job.is_active:
        return redirect("exports:job", pk=job.pk)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    if not job.scope_still_held_by(request.user):
        return _refused(request, job, msg.MSG_SCOPE_CHANGED, 404)  # out-of-scope data: 404 (DOMAIN.md §3)
    return private_file_response(request, job.file, name=job.download_name, content_type=job.content_type, obj=job,
                                 region_code=job.scope_code or "")
