"""Pages of imports: upload and job list, one job's progress and errors, and the CSV templates."""
import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.policy import can
from core.stored_text import shown

from .forms import ImportUploadForm
from .models import ImportJob, ImportKind
from .services import import_columns, import_job_create

JOBS_PER_PAGE = 20
ERRORS_PER_PAGE = 50


def _require_importer(user) -> None:
    """Imports are for admins (of any level) and superusers; everyone else, viewers included, gets 403."""
    if not can(user, "import.run"):
        raise PermissionDenied


def _column_docs() -> list[dict]:
    return [{"kind": kind, "label": label, "columns": import_columns(kind)} for kind, label in ImportKind.choices]


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request):
    _require_importer(request.user)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            job = import_job_create(user=request.user, kind=form.cleaned_data["kind"],
                                    dry_run=form.cleaned_data["dry_run"], upload=form.cleaned_data["file"])
            messages.info(request, _("文件已上传，导入任务已创建。"))
            return redirect("imports:job", pk=job.pk)
    else:
        kind = request.GET.get("kind")
        form = ImportUploadForm(initial={"kind": kind if kind in ImportKind.values else ImportKind.INSTITUTIONS})
    jobs = ImportJob.objects.visible_to(request.user).defer("errors")
    page_obj = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "imports/list.html", {
        "form": form, "page_obj": page_obj, "column_docs": _column_docs(), "nav": "imports",
    })


@login_required
@require_GET
def job_detail(request, pk: int):
    _require_importer(request.user)
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    page_obj = Paginator(job.errors or [], ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    page_obj.object_list = [{**error, "shown": shown(error["message"], error.get("message_params"))}
                            for error in page_obj.object_list]  # in the reader's language (core.stored_text)
    return render(request, "imports/job.html", {"job": job, "page_obj": page_obj, "nav": "imports"})


@login_required
@require_GET
def csv_template(request, kind: str):
    """An empty CSV with the Chinese headers, UTF-8 with BOM so that Excel opens it correctly."""
    _require_importer(request.user)
    if kind not in ImportKind.values:
        raise Http404
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([column.zh for column in import_columns(kind)])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tuoyu-import-{kind}.csv"'
    return response
