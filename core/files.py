"""Private files (filing documents, inspection photos, rectification evidence, export files): what an upload
may be, and the one response that serves a stored file.

- Uploads are recognised by their content (leading bytes), never by their name or the browser's type; the stored
  file gets the suffix of the type recognised.
- Every private file is served by private_file_response(): the same headers everywhere (a download unless an
  inline view was asked for a type a browser shows by itself, nosniff, a content policy without scripts, no
  shared caches) and one audit hook, the file_served signal, which the accounts app turns into an audit row
  (PIPL: reads of files with personal data are recorded). The view decides who may read; this serves.
"""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.dispatch import Signal
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class FileType:
    signature: bytes
    content_type: str
    suffix: str


PDF = FileType(b"%PDF-", "application/pdf", ".pdf")
JPEG = FileType(b"\xff\xd8\xff", "image/jpeg", ".jpg")
PNG = FileType(b"\x89PNG\r\n\x1a\n", "image/png", ".png")
# An XLSX workbook is a ZIP archive (the import reader then checks it is a workbook).
XLSX = FileType(b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
DOCUMENT_TYPES = (PDF, JPEG, PNG)
PHOTO_TYPES = (JPEG, PNG)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

MSG_DOCUMENT_TYPE = gettext_lazy("只接受 PDF、JPEG 或 PNG 文件（按文件内容识别，而非文件名）")
MSG_PHOTO_TYPE = gettext_lazy("照片只接受 JPEG 或 PNG 图片（按文件内容识别，而非文件名）")
MSG_TOO_LARGE = gettext_lazy("文件“{name}”大小为 {size}，超过 {limit} 的上限")
MSG_EMPTY = gettext_lazy("文件“{name}”为空")


def sniff(head: bytes, accepted=DOCUMENT_TYPES) -> FileType | None:
    """The type of the file whose first bytes are `head`, among `accepted`; None if it is none of them."""
    for file_type in accepted:
        if head.startswith(file_type.signature):
            return file_type
    return None


def check_upload(upload, *, accepted=DOCUMENT_TYPES, type_message=MSG_DOCUMENT_TYPE,
                 max_bytes: int = MAX_UPLOAD_BYTES) -> tuple[str, str]:
    """Validate an UploadedFile: (content type, suffix) of the type recognised, or a ValidationError in the
    reader's language (codes empty / too_large / type)."""
    name = getattr(upload, "name", "") or ""
    if not upload.size:
        raise ValidationError(MSG_EMPTY.format(name=name), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(MSG_TOO_LARGE.format(name=name, size=filesizeformat(upload.size),
                                                   limit=filesizeformat(max_bytes)), code="too_large")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = sniff(head, accepted)
    if found is None:
        raise ValidationError(type_message, code="type")
    return found.content_type, found.suffix


# Sent before each private file is served: sender the object's model, with user, obj, name and region_code.
file_served = Signal()

# Types a browser shows by itself; any other type is always a download.
INLINE_TYPES = frozenset({PDF.content_type, JPEG.content_type, PNG.content_type})
# No script, style, frame or form may run from a served file, even one that a browser would take for a page.
SANDBOXED = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox"
# Chromium refuses to open a PDF in a sandboxed document, so a PDF opened inline is not sandboxed; its policy
# still allows no script, connection or frame of its own, and nosniff keeps it a PDF.
PDF_INLINE = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"


def public_file_response(path, *, content_type: str) -> FileResponse:
    """A public data file shipped with the portal (e.g. a map boundary), shown as it is."""
    response = FileResponse(open(path, "rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def wants_inline(request) -> bool:
    """?inline=1: open the file in the browser's own viewer (a new tab) instead of downloading it."""
    return request.GET.get("inline") == "1"


def private_file_response(request, file, *, name: str, content_type: str, obj, region_code: str = "",
                          inline: bool = False, cache: str = "private, no-store") -> FileResponse:
    """Serve a stored private file (a FieldFile) to a user the caller has already allowed to read it.

    `inline` shows a PDF or an image in the browser (other types are downloaded whatever is asked); `obj` and
    `region_code` are what the audit row names. A file missing from storage is a 404, and is not audited."""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    inline = inline and content_type in INLINE_TYPES
    file_served.send(sender=type(obj), user=request.user, obj=obj, name=name, region_code=region_code or "")
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = PDF_INLINE if inline and content_type == PDF.content_type else SANDBOXED
    response["Cache-Control"] = cache
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
