"""Checks of uploaded photos and rectification evidence: type by content (leading bytes), never by name, and size.

The same small signature check as filings/documents.py, kept here so that inspections does not import filings.
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_UPLOAD = 10

JPEG = (b"\xff\xd8\xff", "image/jpeg", ".jpg")
PNG = (b"\x89PNG\r\n\x1a\n", "image/png", ".png")
PDF = (b"%PDF-", "application/pdf", ".pdf")
PHOTO_TYPES = (JPEG, PNG)
EVIDENCE_TYPES = (PDF, JPEG, PNG)

MSG_PHOTO_TYPE = (gettext_lazy("照片只接受 JPEG 或 PNG 图片（按文件内容识别，而非文件名）"))
MSG_EVIDENCE_TYPE = (gettext_lazy("只接受 PDF、JPEG 或 PNG 文件（按文件内容识别，而非文件名）"))
MSG_TOO_LARGE = gettext_lazy("文件“{name}”超过 10 MB 的上限")
MSG_EMPTY = gettext_lazy("文件“{name}”为空")
MSG_TOO_MANY_FILES = gettext_lazy("一次最多上传 {n} 个文件")


def sniff(head: bytes, accepted) -> tuple[str, str] | None:
    """(content type, suffix) of the file whose first bytes are `head`, or None if not accepted."""
    for signature, content_type, suffix in accepted:
        if head.startswith(signature):
            return content_type, suffix
    return None


def check_upload(upload, *, accepted=PHOTO_TYPES, type_message=MSG_PHOTO_TYPE) -> tuple[str, str]:
    """Validate an UploadedFile; returns (content type, suffix) or raises a bilingual ValidationError."""
    name = getattr(upload, "name", "") or ""
    if not upload.size:
        raise ValidationError(MSG_EMPTY.format(name=name), code="empty")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(MSG_TOO_LARGE.format(name=name), code="too_large")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = sniff(head, accepted)
    if found is None:
        raise ValidationError(type_message, code="type")
    return found


def check_photo(upload) -> tuple[str, str]:
    return check_upload(upload, accepted=PHOTO_TYPES, type_message=MSG_PHOTO_TYPE)


def check_evidence(upload) -> tuple[str, str]:
    return check_upload(upload, accepted=EVIDENCE_TYPES, type_message=MSG_EVIDENCE_TYPE)
