"""What an export job can export: a registry mapping a kind ("institutions") to the rows it exports and the
writer of its file. A list that wants background exports registers an ExportKind here (its rows builder
starts from `.visible_to(owner)` and re-applies the list's own filters; its writer is the list's own)."""
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from institutions import exports as institution_exports
from institutions.models import Institution


@dataclass(frozen=True)
class ExportKind:
    key: str
    label: str
    # rows(owner=, query=, scope_code=) -> the rows: the owner's scope, narrowed to `scope_code` (the scope
    # captured with the job; None = no region scope) and filtered by `query` (the list's query string).
    rows: Callable[..., QuerySet]
    # write(rows, fmt, handle, progress=, every=) -> rows written; progress(done) is called every `every` rows.
    write: Callable[..., int]
    # Download names are "<filename>-<yyyymmdd>-<job id>.<format>".
    filename: str
    # list_url(query) -> the list page the export was asked from, with the same filters.
    list_url: Callable[[QueryDict], str]
    formats: tuple[str, ...] = ("csv", "xlsx")


KINDS: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> ExportKind:
    KINDS[kind.key] = kind
    return kind


def get_kind(key: str) -> ExportKind | None:
    return KINDS.get(key)


# --- institutions: the staff list (机构管理) --------------------------------------------------------------

def _institution_rows(*, owner, query: QueryDict, scope_code: str | None) -> QuerySet:
    base = Institution.objects.visible_to(owner)
    if scope_code is not None:
        base = base.in_region(scope_code)
    return institution_exports.export_queryset(user=owner, data=query, base=base)


def _institution_write(rows: QuerySet, fmt: str, handle: BinaryIO, *, progress, every: int) -> int:
    if fmt == "xlsx":
        return institution_exports.write_xlsx(rows, handle, title=str(_("托育机构")), progress=progress,
                                              every=every)
    return institution_exports.write_csv(rows, handle, progress=progress, every=every)


def _institution_list_url(query: QueryDict) -> str:
    url = reverse("institutions:staff_list")
    return f"{url}?{query.urlencode()}" if query else url


register(ExportKind(key="institutions", label=_("托育机构"), rows=_institution_rows, write=_institution_write,
                    filename="tuoyu-institutions", list_url=_institution_list_url))
